"""Spreadsheet import: rows to RDF, dry runs, idempotent re-imports, round trips, and every kind of bad input.

Workbooks are real .xlsx files built with openpyxl; the marked report workbook is read back.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator

import pytest
from openpyxl import Workbook
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from mdto.namespaces import GRAPH_PUBLISHED, MDTO, SR, concept_iri, resource_iri
from mdto.refdata import load_demo, load_reference
from mdto.spreadsheet.export import SeriesFilter, export_workbook
from mdto.spreadsheet.importer import import_spreadsheet
from mdto.spreadsheet.report import ERROR_FILL, REPORT_SHEET, marked_workbook
from mdto.spreadsheet.workbook import workbook_bytes
from mdto.store import EmbeddedStore, Store
from tests.spreadsheets import cell_of, csv_bytes, open_workbook, save, valid_series, workbook


@pytest.fixture
def register() -> Iterator[Store]:
    """A fresh in-memory register with reference and demo data, for tests that write."""
    s = EmbeddedStore(None)
    load_reference(s)
    load_demo(s)
    yield s
    s.close()


def snapshot(store: Store) -> set[tuple[str, str, str]]:
    """The published graph, with blank nodes reduced to a marker (their ids change on every write)."""
    rows = store.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{GRAPH_PUBLISHED}> {{ ?s ?p ?o }} }}")
    return {tuple("_" if r[k].__class__.__name__ == "BNode" else str(r[k]) for k in ("s", "p", "o")) for r in rows}


def value(store: Store, s: URIRef, path: str) -> list[str]:
    rows = store.select(
        f"PREFIX mdto: <{MDTO}> PREFIX sr: <{SR}> SELECT ?o WHERE {{ GRAPH <{GRAPH_PUBLISHED}> {{ <{s}> {path} ?o }} }}"
    )
    return sorted(str(r["o"]) for r in rows)


def run(store: Store, data: bytes, name: str = "import.xlsx", dry_run: bool = False, **kw):
    report, file_data = import_spreadsheet(store, data, name, dry_run=dry_run, **kw)
    return report, file_data


# ------------------------------------------------------------------------------------------ import and dry run


def test_new_series_are_imported_as_rdf(register: Store) -> None:
    data = workbook({"serie": [valid_series("import-a"), valid_series("import-b", **{"Bewaartermijn": "P6M"})]})
    report, _ = run(register, data)
    assert report.ok and report.written
    assert report.counts == {"nieuw": 2, "gewijzigd": 0, "ongewijzigd": 0, "geweigerd": 0}
    a = resource_iri("serie", "import-a")
    assert value(register, a, "mdto:naam") == ["Testreeks import-a"]
    assert value(register, a, "mdto:waardering") == [str(concept_iri("waarderingen", "v"))]
    assert value(register, a, "mdto:bewaartermijn/mdto:termijnLooptijd") == ["P10Y"]
    assert value(register, a, "mdto:dekkingInTijd/mdto:dekkingInTijdBeginDatum") == ["2019-12-31"]
    assert value(register, a, "mdto:trefwoord") == ["import", "test"]
    assert value(register, a, "sr:bevatPersoonsgegevens") == ["false"]
    assert value(register, a, "mdto:archiefvormer") == [str(resource_iri("actor", "stad-leuven"))]
    assert value(register, resource_iri("serie", "import-b"), "mdto:bewaartermijn/mdto:termijnLooptijd") == ["P6M"]


def test_dry_run_writes_nothing(register: Store) -> None:
    before = snapshot(register)
    report, _ = run(register, workbook({"serie": [valid_series("droog")]}), dry_run=True)
    assert report.ok and not report.written
    assert report.counts["nieuw"] == 1
    assert "proefimport" in report.summary()
    assert snapshot(register) == before


def test_reimport_changes_nothing(register: Store) -> None:
    data = workbook({"serie": [valid_series("twee-keer"), valid_series("nog-een")]})
    run(register, data)
    before = snapshot(register)
    report, _ = run(register, data)
    assert report.counts == {"nieuw": 0, "gewijzigd": 0, "ongewijzigd": 2, "geweigerd": 0}
    assert not report.written
    assert snapshot(register) == before


def test_changed_row_replaces_only_that_series(register: Store) -> None:
    run(register, workbook({"serie": [valid_series("blijft"), valid_series("wijzigt")]}))
    before = snapshot(register)
    changed = valid_series("wijzigt", **{"Bewaartermijn": "20", "Trefwoord": "ander"})
    report, _ = run(register, workbook({"serie": [valid_series("blijft"), changed]}))
    assert report.counts == {"nieuw": 0, "gewijzigd": 1, "ongewijzigd": 1, "geweigerd": 0}
    after = snapshot(register)
    iri = str(resource_iri("serie", "wijzigt"))
    assert {t for t in before ^ after if t[0] != "_"} == {
        (iri, str(MDTO.trefwoord), "test"),
        (iri, str(MDTO.trefwoord), "import"),
        (iri, str(MDTO.trefwoord), "ander"),
    }
    assert value(register, URIRef(iri), "mdto:bewaartermijn/mdto:termijnLooptijd") == ["P20Y"]
    assert len(value(register, URIRef(iri), "mdto:bewaartermijn")) == 1


def test_dossiers_and_stukken_sheets(register: Store) -> None:
    data = workbook(
        {
            "serie": [valid_series("met-dossiers")],
            "dossier": [
                {
                    "Identificatie": "dossier-1",
                    "Naam": "Eerste dossier",
                    "Is onderdeel van": "met-dossiers",
                    "Beschrijving": "Een dossier.",
                    "Archiefvormer": "Stad Leuven",
                    "Proces": "1.1.1",
                    "Openingsdatum": dt.datetime(2020, 3, 1),
                    "Bestemming": "Tijdelijk te bewaren",
                    "Openbaarheid": "Openbaar",
                    "Beperking gebruik": "Geen beperking",
                }
            ],
            "stuk": [
                {
                    "Identificatie": "stuk-1",
                    "Naam": "Aanvraag",
                    "Is onderdeel van": "dossier-1",
                    "Beschrijving": "Het aanvraagformulier.",
                    "Archiefvormer": "Stad Leuven",
                    "Datum opmaak": "01-03-2020",
                    "Taal": "nl",
                    "Bestemming": "V",
                    "Beperking gebruik": "Geen beperking",
                }
            ],
        }
    )
    report, _ = run(register, data)
    assert report.ok, report.to_text()
    assert report.counts["nieuw"] == 3
    dossier, stuk = resource_iri("dossier", "dossier-1"), resource_iri("stuk", "stuk-1")
    assert value(register, dossier, "mdto:isOnderdeelVan") == [str(resource_iri("serie", "met-dossiers"))]
    assert value(register, resource_iri("serie", "met-dossiers"), "mdto:bevatOnderdeel") == [str(dossier)]
    assert value(register, dossier, "mdto:event/mdto:eventTijd") == ["2020-03-01"]
    assert value(register, stuk, "mdto:event/mdto:eventTijd") == ["2020-03-01"]
    assert run(register, data)[0].counts["ongewijzigd"] == 3


def test_a_row_without_a_published_field_is_refused_for_submission(register: Store) -> None:
    report, _ = run(register, workbook({"serie": [valid_series("zonder-proces", Proces=None)]}))
    assert not report.ok
    assert [p.text() for p in report.problems] == [
        "blad Series, rij 2, kolom Proces: verplicht vóór indienen en publiceren; kies een begrip uit de lijst "
        "Processen."
    ]


def test_rows_are_validated_with_the_register_shapes(register: Store) -> None:
    """A rule across fields (appraisal V needs a motivation) comes from shapes/register.ttl via mdto.validation."""
    before = snapshot(register)
    report, _ = run(register, workbook({"serie": [valid_series("shacl", **{"Motivering bewaartermijn": None})]}))
    (problem,) = report.problems
    assert (problem.row, problem.column, problem.key) == (2, "Motivering bewaartermijn", "motivering")
    # pyshacl fills in {?path} of a SPARQL constraint's message without its language tag, so the Dutch or the
    # English text may come back; both name the rule
    assert "bestemming V" in problem.message or "appraisal is V" in problem.message
    assert snapshot(register) == before


# ------------------------------------------------------------------------------------------ round trip


def test_export_edit_one_cell_reimport(store: Store) -> None:
    """The round trip of the issue, on the demo data and on both store kinds."""
    load_reference(store)
    load_demo(store)
    exported = workbook_bytes(export_workbook(store))
    report, _ = run(store, exported)
    assert report.counts["ongewijzigd"] == len(report.rows) >= 20 and report.ok and not report.written
    before = snapshot(store)
    wb = open_workbook(exported)
    ids = [c.value for c in wb["Series"]["A"][1:]]
    row = ids.index("leuven-klachtendossiers") + 2
    cell_of(wb, "Series", row, "Bewaartermijn").value = "P4Y"  # within the legal maximum of 5 years
    report, _ = run(store, save(wb))
    assert report.counts["gewijzigd"] == 1 and report.written
    changed = [r for r in report.rows if r.status == "gewijzigd"]
    assert changed[0].identifier == "leuven-klachtendossiers"
    after = snapshot(store)
    iri = str(resource_iri("serie", "leuven-klachtendossiers"))
    assert {t for t in before ^ after if t[0] != iri and t[0] != "_"} == set()
    assert value(store, URIRef(iri), "mdto:bewaartermijn/mdto:termijnLooptijd") == ["P4Y"]
    # what the row does not cover stays: publication date, security group, the archive it belongs to
    assert value(store, URIRef(iri), "mdto:isOnderdeelVan") == [str(resource_iri("archief", "stad-leuven"))]
    assert len([t for t in before if t[0] == iri]) == len([t for t in after if t[0] == iri])


def test_export_filters(register: Store) -> None:
    wb = export_workbook(register, SeriesFilter({"beheerder": ["Gemeente Machelen"], "waardering": ["B"]}))
    names = [c.value for c in wb["Series"]["B"][1:]]
    assert names and "Budgetten - begrotingen" in names
    assert all(c.value == "Blijvend te bewaren" for c in wb["Series"]["L"][1:])
    assert {c.value for c in wb["Series"]["F"][1:]} == {"Gemeente Machelen"}


# ------------------------------------------------------------------------------------------ value forms


@pytest.mark.parametrize(
    ("typed", "stored", "datatype"),
    [
        ("31/12/2019", "2019-12-31", XSD.date),
        ("31-12-2019", "2019-12-31", XSD.date),
        ("2019-12-31", "2019-12-31", XSD.date),
        ("2019-12", "2019-12", XSD.gYearMonth),
        ("2019", "2019", XSD.gYear),
        (2019, "2019", XSD.gYear),
        (dt.datetime(2019, 12, 31), "2019-12-31", XSD.date),
    ],
)
def test_dates_in_the_forms_people_type(register: Store, typed: object, stored: str, datatype: URIRef) -> None:
    report, _ = run(register, workbook({"serie": [valid_series("datum", **{"Geldig van": typed})]}))
    assert report.ok, report.to_text()
    rows = register.select(
        f"PREFIX mdto: <{MDTO}> SELECT ?d WHERE {{ GRAPH <{GRAPH_PUBLISHED}> {{ "
        f"<{resource_iri('serie', 'datum')}> mdto:dekkingInTijd/mdto:dekkingInTijdBeginDatum ?d }} }}"
    )
    assert rows[0]["d"] == Literal(stored, datatype=datatype)


@pytest.mark.parametrize(
    ("header", "typed"),
    [
        ("Bestemming", "Tijdelijk te bewaren"),
        ("Bestemming", "v"),
        ("Bestemming", str(concept_iri("waarderingen", "v"))),
        ("Bewaartermijn", "10 jaar"),
        ("Bewaartermijn", 10),
        ("Archiefvormer", "OVO003679"),
        ("Archiefvormer", "agsl"),
    ],
)
def test_concepts_by_label_code_or_iri_and_durations(register: Store, header: str, typed: object) -> None:
    report, _ = run(register, workbook({"serie": [valid_series("vorm", **{header: typed})]}), dry_run=True)
    assert report.ok, report.to_text()


@pytest.mark.parametrize(
    ("header", "typed", "message"),
    [
        ("Bewaartermijn", "tien jaar", "'tien jaar' is geen geldige termijn; gebruik bijvoorbeeld P10Y, 10"),
        ("Geldig van", "31/02/2019", "'31/02/2019' is geen bestaande datum"),
        ("Geldig van", "eind 2019", "'eind 2019' is geen datum; gebruik bijvoorbeeld 31/12/2019"),
        ("Bestemming", "Tijdelijk bewaren", "bedoelt u 'Tijdelijk te bewaren'"),
        ("Toepassingsgebied", "Gemeente", "bedoelt u 'Gemeenten'"),
        ("Persoonsgegevens", "misschien", "'misschien' is geen ja of nee"),
        ("Identificatie", "Mijn Serie", "gebruik bijvoorbeeld 'mijn-serie'"),
        ("Afgeleid van", "bestaat-niet", "'bestaat-niet' is niet gekend"),
    ],
)
def test_bad_values_are_reported_per_row_and_column(register: Store, header: str, typed: str, message: str) -> None:
    before = snapshot(register)
    rows = [valid_series("goed-1"), valid_series("fout", **{header: typed})]
    report, _ = run(register, workbook({"serie": rows}))
    assert not report.ok and not report.written
    assert report.counts["geweigerd"] == 1
    (problem,) = report.problems
    assert problem.row == 3 and problem.column == header
    assert message in problem.text()
    assert problem.text().startswith(f"blad Series, rij 3, kolom {header}: ")
    assert snapshot(register) == before  # all or nothing: the good row was not written either


def test_formulas_are_refused(register: Store) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Series"
    row = valid_series("formule")
    ws.append(list(row))
    ws.append(list(row.values()))
    ws["B2"] = '=CONCAT("Test", "reeks")'
    report, _ = run(register, save(wb))
    (problem,) = report.problems
    assert problem.column == "Naam" and "bevat een formule" in problem.message
    assert 'CONCAT("Test", "reeks")' in problem.message


def test_duplicate_identifier_in_the_file(register: Store) -> None:
    report, _ = run(register, workbook({"serie": [valid_series("dubbel"), valid_series("dubbel")]}))
    (problem,) = report.problems
    assert problem.row == 3 and "staat al op rij 2" in problem.message


def test_marked_workbook_shows_the_wrong_cells(register: Store) -> None:
    data = workbook({"serie": [valid_series("ok"), valid_series("slecht", Bewaartermijn="tien jaar", Bestemming="X")]})
    report, file_data = run(register, data)
    wb = open_workbook(marked_workbook(data, file_data, report))
    assert wb.sheetnames[0] == REPORT_SHEET
    bad = cell_of(wb, "Series", 3, "Bewaartermijn")
    assert bad.fill.fgColor.rgb.endswith(ERROR_FILL.fgColor.rgb[-6:])
    assert "geen geldige termijn" in bad.comment.text
    assert "geen gekende" in cell_of(wb, "Series", 3, "Bestemming").comment.text
    good = cell_of(wb, "Series", 2, "Bewaartermijn")
    assert good.comment is None and good.fill.fgColor.rgb != bad.fill.fgColor.rgb
    report_rows = [[c.value for c in r] for r in wb[REPORT_SHEET].iter_rows(min_row=3)]
    assert ["Series", 3, "Bewaartermijn"] in [r[:3] for r in report_rows]


def test_json_report(register: Store) -> None:
    report, _ = run(register, workbook({"serie": [valid_series("j", Bestemming="Tijdelijk bewaren")]}), dry_run=True)
    body = report.to_json()
    assert body["ok"] is False and body["counts"]["geweigerd"] == 1
    (row,) = body["rows"]
    assert row["identifier"] == "j" and row["status"] == "geweigerd"
    assert row["problems"][0]["column"] == "Bestemming" and row["problems"][0]["key"] == "waardering"


# ------------------------------------------------------------------------------------------ CSV


@pytest.mark.parametrize("separator", [";", ","])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_in_both_encodings_and_separators(register: Store, separator: str, encoding: str) -> None:
    rows = [valid_series("csv-reeks", Naam="Privé-dossiers", Beschrijving="Één, twee; drie")]
    report, _ = run(register, csv_bytes(rows, separator, encoding), "lijst.csv")
    assert report.ok, report.to_text()
    assert value(register, resource_iri("serie", "csv-reeks"), "mdto:naam") == ["Privé-dossiers"]
    assert value(register, resource_iri("serie", "csv-reeks"), "mdto:omschrijving") == ["Één, twee; drie"]
    guessed = [n for n in report.notes if "Windows-1252" in n]
    assert bool(guessed) == (encoding == "cp1252")


def test_csv_errors_are_marked_in_a_workbook(register: Store) -> None:
    data = csv_bytes([valid_series("c", Bewaartermijn="altijd")])
    report, file_data = run(register, data, "lijst.csv")
    wb = open_workbook(marked_workbook(data, file_data, report))
    assert "geen geldige termijn" in cell_of(wb, "CSV", 2, "Bewaartermijn").comment.text


# ------------------------------------------------------------------------------------------ unusable files


def _encrypted_ole() -> bytes:
    """The start of an OLE compound file holding an EncryptedPackage stream, as Excel writes a protected book."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64


def _corrupt_xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.7\n...", "verslag.pdf", "geen Excel-werkmap (.xlsx) of CSV-bestand"),
        (_encrypted_ole(), "geheim.xlsx", "met een wachtwoord beveiligd"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "oud.xls", "oud Excel-bestand (.xls)"),
        (_corrupt_xlsx(), "kapot.xlsx", "beschadigd"),
        (b"not a zip", "kapot.xlsx", "geen Excel-werkmap: het is beschadigd"),
        (b"", "leeg.xlsx", "leeg"),
    ],
)
def test_unusable_files(register: Store, data: bytes, name: str, message: str) -> None:
    before = snapshot(register)
    report, _ = run(register, data, name)
    (problem,) = report.file_problems
    assert message in problem.message
    assert not report.rows and not report.written
    assert snapshot(register) == before


def test_missing_required_columns_are_named(register: Store) -> None:
    cols = [h for h in valid_series("x") if h not in ("Naam", "Bestemming")]
    report, _ = run(register, workbook({"serie": [valid_series("x")]}, {"serie": cols}))
    (problem,) = report.file_problems
    assert "verplichte kolommen ontbreken: Naam, Bestemming" in problem.message


def test_no_known_sheet(register: Store) -> None:
    wb = Workbook()
    wb.active.title = "Blad1"
    report, _ = run(register, save(wb))
    assert "geen blad met de naam Series, Dossiers, Stukken" in report.file_problems[0].message


def test_row_limit(register: Store) -> None:
    rows = [valid_series(f"r-{i}") for i in range(11)]
    report, _ = run(register, workbook({"serie": rows}), max_rows=10)
    assert report.file_status == 413
    assert "meer dan 10 rijen" in report.file_problems[0].message


def test_the_limit_is_ten_thousand_rows_and_more_are_refused_before_any_row_is_checked(register: Store) -> None:
    rows = [valid_series(f"veel-{i}") for i in range(10_001)]
    report, _ = run(register, csv_bytes(rows), "veel.csv", dry_run=True)
    assert report.file_status == 413 and not report.rows
    assert "het bestand telt meer dan 10000 rijen" in report.file_problems[0].message


def test_a_workbook_with_an_xml_entity_is_refused_not_expanded(register: Store) -> None:
    """openpyxl parses through defusedxml: a DTD with entities inside a sheet is an error, not an expansion."""
    good = workbook({"serie": [valid_series("entiteit")]})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + data.split(b"?>", 1)[-1]
            dst.writestr(item, data)
    before = snapshot(register)
    report, _ = run(register, out.getvalue())
    (problem,) = report.file_problems
    assert "beschadigd" in problem.message
    assert snapshot(register) == before
