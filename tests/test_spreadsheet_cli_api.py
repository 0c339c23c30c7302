"""The spreadsheet commands (`template`, `import xlsx`, `export xlsx`) and endpoints (`/import/...`)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from mdto.auth.directory import add_organisation, add_user
from mdto.auth.policy import Role
from mdto.cli import main
from mdto.cli.progress import ProgressBar
from mdto.refdata import load_demo, load_reference
from mdto.settings import Settings
from mdto.spreadsheet.report import REPORT_SHEET
from mdto.store import EmbeddedStore, Store
from tests.spreadsheets import cell_of, csv_bytes, open_workbook, save, valid_series, workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    s = EmbeddedStore(path)
    load_reference(s)
    load_demo(s)
    add_organisation(s, "stad-leuven", "Stad Leuven")
    s.close()
    return path


def series_count(store_dir: Path) -> int:
    """Series described anywhere: published, or as drafts (which is what an import writes)."""
    s = EmbeddedStore(store_dir)
    try:
        rows = s.select(
            "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s "
            "<http://www.nationaalarchief.nl/mdto#aggregatieniveau> "
            "<https://w3id.org/serieregister/id/begrip/aggregatieniveaus/serie> } }"
        )
        return int(rows[0]["n"])
    finally:
        s.close()


# ------------------------------------------------------------------------------------------ CLI


def test_cli_template(store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "sjabloon.xlsx"
    assert main(["--store", str(store_dir), "template", "--out", str(out)]) == 0
    wb = open_workbook(out.read_bytes())
    assert [c.value for c in wb["Series"][1]][:2] == ["Identificatie", "Naam"]


def test_cli_import_dry_run_then_real(store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "series.xlsx"
    f.write_bytes(workbook({"serie": [valid_series("cli-a"), valid_series("cli-b")]}))
    before = series_count(store_dir)
    assert main(["--store", str(store_dir), "import", "xlsx", str(f), "--dry-run"]) == 0
    assert "2 nieuw" in capsys.readouterr().out
    assert series_count(store_dir) == before
    assert main(["--store", str(store_dir), "import", "xlsx", str(f), "--format", "json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["written"] and body["counts"]["nieuw"] == 2
    assert series_count(store_dir) == before + 2
    assert main(["--store", str(store_dir), "import", "xlsx", str(f)]) == 0
    assert "2 ongewijzigd" in capsys.readouterr().out


def test_cli_without_organisations_says_how_to_register_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "leeg"
    s = EmbeddedStore(store)
    load_reference(s)
    s.close()
    f = tmp_path / "series.xlsx"
    f.write_bytes(workbook({"serie": [valid_series("cli-a")]}))
    assert main(["--store", str(store), "import", "xlsx", str(f)]) == 1
    assert "registreer eerst de uwe (serieregister org add)" in capsys.readouterr().out
    assert main(["--store", str(store), "org", "add", "stad-leuven", "--name", "Stad Leuven"]) == 0
    assert main(["--store", str(store), "import", "xlsx", str(f), "--organisation", "stad-leuven"]) == 0
    assert "1 nieuw" in capsys.readouterr().out


def test_cli_refused_rows_and_the_marked_workbook(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f, marked = tmp_path / "series.xlsx", tmp_path / "verslag.xlsx"
    f.write_bytes(workbook({"serie": [valid_series("cli-ok"), valid_series("cli-bad", Bewaartermijn="lang")]}))
    before = series_count(store_dir)
    code = main(["--store", str(store_dir), "import", "xlsx", str(f), "--report-xlsx", str(marked)])
    assert code == 1
    out = capsys.readouterr().out
    assert "blad Series, rij 3, kolom Bewaartermijn: 'lang' is geen geldige termijn" in out
    assert series_count(store_dir) == before
    wb = open_workbook(marked.read_bytes())
    assert "geen geldige termijn" in cell_of(wb, "Series", 3, "Bewaartermijn").comment.text
    assert REPORT_SHEET in wb.sheetnames


def test_cli_unusable_file_and_size_limit(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    f = tmp_path / "x.pdf"
    f.write_bytes(b"%PDF-1.4 not a spreadsheet")
    assert main(["--store", str(store_dir), "import", "xlsx", str(f)]) == 2
    assert "geen Excel-werkmap (.xlsx) of CSV-bestand" in capsys.readouterr().out
    monkeypatch.setenv("SERIEREGISTER_MAX_UPLOAD", "10")
    assert main(["--store", str(store_dir), "import", "xlsx", str(f)]) == 2
    assert "more than the limit of 10" in capsys.readouterr().err
    assert main(["--store", str(store_dir), "import", "xlsx", str(tmp_path / "missing.xlsx")]) == 2


def test_cli_export_with_filters_round_trips(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "export.xlsx"
    args = ["--store", str(store_dir), "export", "xlsx", "--beheerder", "Stad Leuven", "--out", str(out)]
    assert main([*args, "--progress"]) == 0
    assert "exporteren" in capsys.readouterr().err  # the progress bar, asked for although stderr is no terminal
    wb = open_workbook(out.read_bytes())
    assert {c.value for c in wb["Series"]["F"][1:]} == {"Stad Leuven"}
    assert wb["Dossiers"].max_row >= 2  # the dossiers of the exported series come along
    assert main(["--store", str(store_dir), "import", "xlsx", str(out)]) == 0
    assert "0 nieuw, 0 gewijzigd" in capsys.readouterr().out
    code = main(["--store", str(store_dir), "export", "xlsx", "--waardering", "Q", "--out", str(out)])
    assert code == 2
    assert "filter waardering: 'Q' is geen gekende waardering" in capsys.readouterr().err


def test_progress_bar_only_on_a_terminal_or_when_asked() -> None:
    quiet, shown = io.StringIO(), io.StringIO()
    for bar in (ProgressBar(None, quiet), ProgressBar(True, shown)):
        bar(5, 10, "rijen lezen")
        bar(10, 10, "rijen lezen")
        bar.close()
    assert quiet.getvalue() == ""
    assert "rijen lezen" in shown.getvalue() and "10/10" in shown.getvalue()


# ------------------------------------------------------------------------------------------ API


@pytest.fixture
def register() -> Iterator[Store]:
    """The demo register with Stad Leuven as a tenant that publishes without a committee (shortened flow)."""
    s = EmbeddedStore(None)
    load_reference(s)
    load_demo(s)
    add_organisation(s, "stad-leuven", "Stad Leuven", shortened_flow=True)
    yield s
    s.close()


@pytest.fixture
def client(register: Store) -> TestClient:
    """An informatiebeheerder of Stad Leuven: imports write drafts of that organisation."""
    _, token = add_user(register, "An Peeters", "stad-leuven", Role.INFORMATIEBEHEERDER)
    c = TestClient(create_app(register, Settings(max_upload_bytes=200_000)))
    c.headers["Authorization"] = f"Bearer {token}"
    return c


def test_api_import_needs_a_token_and_the_rights_of_the_row(register: Store) -> None:
    _, manager = add_user(register, "An Peeters", "stad-leuven", Role.INFORMATIEBEHEERDER)
    add_organisation(register, "gemeente-machelen", "Gemeente Machelen")
    _, other = add_user(register, "Jan Janssens", "gemeente-machelen", Role.INFORMATIEBEHEERDER)
    anonymous = TestClient(create_app(register, Settings(max_upload_bytes=200_000)))
    files = {"file": ("series.xlsx", workbook({"serie": [valid_series("auth-a")]}), XLSX)}
    before = register.count()
    r = anonymous.post("/import/xlsx", files=files)
    assert r.status_code == 401 and "dry_run=true" in r.json()["detail"]
    # a dry run needs no token: it checks the file, not the rights
    r = anonymous.post("/import/xlsx", params={"dry_run": "true"}, files=files)
    assert r.status_code == 200 and "rechten niet gecontroleerd" in " ".join(r.json()["notes"])
    # the series is of Stad Leuven: an informatiebeheerder of Machelen is refused on the row
    r = anonymous.post("/import/xlsx", files=files, headers={"Authorization": f"Bearer {other}"})
    assert r.status_code == 422 and "Stad Leuven" not in r.json()["summary"]
    problems = [p["text"] for row in r.json()["rows"] for p in row["problems"]]
    assert problems and all("blad Series, rij 2" in p for p in problems), problems
    # naming an organisation that is not one's own is forbidden outright
    r = anonymous.post(
        "/import/xlsx",
        params={"organisation": "stad-leuven"},
        files=files,
        headers={"Authorization": f"Bearer {other}"},
    )
    assert r.status_code == 403 and "gemeente-machelen" in r.json()["file_problems"][0]["message"]
    assert register.count() == before
    r = anonymous.post("/import/xlsx", files=files, headers={"Authorization": f"Bearer {manager}"})
    assert r.status_code == 200 and r.json()["rows"][0]["action"] == "create"
    flow = anonymous.get("/series/auth-a/workflow", headers={"Authorization": f"Bearer {manager}"})
    assert flow.status_code == 200 and flow.json()["state"] == "draft", flow.text
    assert flow.json()["organisation"] == "stad-leuven"
    assert anonymous.get("/series/auth-a").status_code == 404  # a draft is not public


def test_api_template(client: TestClient) -> None:
    r = client.get("/import/template")
    assert r.status_code == 200 and r.headers["content-type"] == XLSX
    assert "attachment" in r.headers["content-disposition"]
    wb = open_workbook(r.content)
    assert {"Series", "Dossiers", "Stukken"} <= set(wb.sheetnames)


def test_api_import_multipart_dry_run_and_real(client: TestClient) -> None:
    data = workbook({"serie": [valid_series("api-a")]})
    files = {"file": ("series.xlsx", data, XLSX)}
    r = client.post("/import/xlsx", params={"dry_run": "true"}, files=files)
    assert r.status_code == 200 and r.json()["counts"]["nieuw"] == 1 and not r.json()["written"]
    assert client.get("/series/api-a").status_code == 404
    r = client.post("/import/xlsx", files=files)
    assert r.status_code == 200 and r.json()["written"]
    assert client.get("/series/api-a/draft").json()["series"]["naam"] == "Testreeks api-a"
    r = client.post("/import/xlsx", content=data, headers={"Content-Type": XLSX})  # raw body, same file
    assert r.json()["counts"]["ongewijzigd"] == 1


def test_api_import_csv_raw_body(client: TestClient) -> None:
    r = client.post(
        "/import/xlsx",
        params={"report": "text"},
        content=csv_bytes([valid_series("api-csv", Naam="Privé-dossiers")], ",", "cp1252"),
        headers={"Content-Type": "text/csv"},
    )
    assert r.status_code == 200
    assert "Windows-1252" in r.text and "1 nieuw" in r.text


def test_api_refused_rows_return_422_and_the_marked_workbook(client: TestClient, register: Store) -> None:
    data = workbook({"serie": [valid_series("api-bad", Toepassingsgebied="Gemeente")]})
    r = client.post("/import/xlsx", files={"file": ("s.xlsx", data, XLSX)})
    assert r.status_code == 422
    (row,) = r.json()["rows"]
    assert row["problems"][0]["text"].startswith("blad Series, rij 2, kolom Toepassingsgebied: 'Gemeente'")
    r = client.post("/import/xlsx", params={"report": "xlsx"}, files={"file": ("s.xlsx", data, XLSX)})
    assert r.status_code == 422 and r.headers["content-type"] == XLSX
    wb = open_workbook(r.content)
    assert "bedoelt u 'Gemeenten'" in cell_of(wb, "Series", 2, "Toepassingsgebied").comment.text


def test_api_unusable_uploads(client: TestClient) -> None:
    r = client.post("/import/xlsx", files={"file": ("x.pdf", b"%PDF-1.4", "application/pdf")})
    assert r.status_code == 415
    assert "geen Excel-werkmap" in r.json()["file_problems"][0]["message"]
    cols = ["Identificatie", "Naam"]
    data = workbook({"serie": [valid_series("x")]}, {"serie": cols})
    r = client.post("/import/xlsx", files={"file": ("s.xlsx", data, XLSX)})
    assert r.status_code == 400 and "verplichte kolommen ontbreken" in r.json()["file_problems"][0]["message"]
    r = client.post("/import/xlsx", data={"note": "no file"}, files={})
    assert r.status_code in (400, 415)


def test_api_upload_size_limit(client: TestClient) -> None:
    big = save_big_workbook()
    assert len(big) > 200_000
    r = client.post("/import/xlsx", files={"file": ("big.xlsx", big, XLSX)})
    assert r.status_code == 413
    r = client.post("/import/xlsx", content=big, headers={"Content-Type": XLSX})
    assert r.status_code == 413


def save_big_workbook() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Series"
    for i in range(4000):
        ws.append([f"rij-{i}-{j}-{'x' * (i % 97)}" for j in range(8)])
    return save(wb)


def test_api_series_as_xlsx_follows_the_search_filters(client: TestClient) -> None:
    r = client.get("/series", params={"beheerder": "actor/gemeente-machelen", "format": "xlsx"})
    assert r.status_code == 200 and r.headers["content-type"] == XLSX
    wb = open_workbook(r.content)
    exported = [c.value for c in wb["Series"]["A"][1:]]
    listed = client.get("/series", params={"beheerder": "actor/gemeente-machelen", "size": 200}).json()
    assert exported == [item["id"] for item in listed["items"]] and exported
    assert {c.value for c in wb["Series"]["F"][1:]} == {"Gemeente Machelen"}
    everything = open_workbook(client.get("/series", params={"format": "xlsx"}).content)
    assert everything["Series"].max_row - 1 == client.get("/series").json()["total"]
    assert client.get("/series", params={"van": "gisteren", "format": "xlsx"}).status_code == 422


def test_api_round_trip_and_the_search_follows_the_import(client: TestClient) -> None:
    wb = open_workbook(client.get("/series", params={"format": "xlsx"}).content)
    ids = [c.value for c in wb["Series"]["A"][1:]]
    row = ids.index("leuven-verzekeringen") + 2
    cell_of(wb, "Series", row, "Naam").value = "Verzekeringsdossiers (gewijzigd)"
    r = client.post("/import/xlsx", files={"file": ("e.xlsx", save(wb), XLSX)})
    assert r.status_code == 200, r.text
    assert r.json()["counts"]["gewijzigd"] == 1 and r.json()["counts"]["nieuw"] == 0
    assert [row["action"] for row in r.json()["rows"] if row["action"]] == ["new-version"]
    # the change is a new version in the making: the public register and its search still show version 1
    assert client.get("/series/leuven-verzekeringen").json()["naam"] != "Verzekeringsdossiers (gewijzigd)"
    assert client.get("/series", params={"q": "Verzekeringsdossiers"}).json()["items"] == []
    draft = client.get("/series/leuven-verzekeringen/draft")
    assert draft.json()["series"]["naam"] == "Verzekeringsdossiers (gewijzigd)"
    # publishing it through the workflow (Stad Leuven's shortened flow) brings the search along
    r = client.post("/series/leuven-verzekeringen/publish", headers={"If-Match": draft.headers["ETag"]})
    assert r.status_code == 200, r.text
    assert client.get("/series/leuven-verzekeringen").json()["naam"] == "Verzekeringsdossiers (gewijzigd)"
    hits = client.get("/series", params={"q": "Verzekeringsdossiers"}).json()["items"]
    assert [h["id"] for h in hits] == ["leuven-verzekeringen"]
