"""Bad MDTO XML input: each case gets a precise error and leaves the store exactly as it was."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from mdto.cli import main
from mdto.refdata import load_reference
from mdto.settings import Settings
from mdto.store import EmbeddedStore, Store
from mdto.xml import Document, documents_from_paths, import_documents
from mdto.xml.errors import (
    AlreadyInRegister,
    ChecksumMismatch,
    InvalidDocument,
    MdtoXmlError,
    NotConforming,
    NotWellFormed,
    PackageTooLarge,
    UnsafePackage,
    UnsafeXml,
)
from tests.mdto_documents import Builder

GOOD = Builder("Dossier", "goed").document()
BESTAND = Builder(None, "b-1").document()  # omvang 3, checksum "tekst ..." (does not match b"abc")


def refused(store: Store, error: type[MdtoXmlError], documents: list[Document], **kw: object) -> MdtoXmlError:
    before = store.count()
    with pytest.raises(error) as info:
        import_documents(store, documents, **kw)  # type: ignore[arg-type]
    assert store.count() == before
    return info.value


@pytest.fixture
def ref_store(store: Store) -> Store:
    load_reference(store)
    return store


def test_not_well_formed(ref_store: Store) -> None:
    err = refused(ref_store, NotWellFormed, [Document("x.xml", b"<MDTO><informatieobject></MDTO>")])
    assert err.line == 1 and "not well-formed" in str(err)


def test_doctype_with_entities_is_refused(ref_store: Store, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("geheim")
    for doctype in (
        '<!DOCTYPE MDTO [<!ENTITY x "boom">]>',
        f'<!DOCTYPE MDTO [<!ENTITY x SYSTEM "file://{secret}">]>',
        '<!DOCTYPE MDTO SYSTEM "http://127.0.0.1:9/mdto.dtd">',
    ):
        data = GOOD.replace(b"<MDTO", doctype.encode() + b"\n<MDTO", 1)
        err = refused(ref_store, UnsafeXml, [Document("evil.xml", data)])
        assert "DOCTYPE" in str(err) and "geheim" not in str(err)


def test_xsd_violation_reports_line_and_path(ref_store: Store, xsd_path: Path) -> None:
    data = GOOD.replace(b"<naam>", b"<onbekend>x</onbekend>\n    <naam>", 1)
    err = refused(ref_store, InvalidDocument, [Document("d.xml", data)], xsd_path=xsd_path)
    assert err.line is not None and err.line > 1 and err.path and "onbekend" in str(err)
    # without an XSD the table check catches it too, with line and element path
    err = refused(ref_store, InvalidDocument, [Document("d.xml", data)])
    assert err.line is not None and err.path == "/MDTO/informatieobject/onbekend"


def test_table_checks_order_cardinality_and_values(ref_store: Store) -> None:
    missing = GOOD.replace(b"<naam>Object goed</naam>", b"")
    assert "needs element 'naam'" in str(refused(ref_store, InvalidDocument, [Document("m.xml", missing)]))
    in_concept = GOOD.replace(b"<begripCode>V</begripCode>", b"<begripCode>V</begripCode><extra>x</extra>", 1)
    assert "unexpected element 'extra'" in str(refused(ref_store, InvalidDocument, [Document("c.xml", in_concept)]))
    bad_date = GOOD.replace(b"<termijnStartdatumLooptijd>2021-06-30", b"<termijnStartdatumLooptijd>30/06/2021", 1)
    assert "not a valid date" in str(refused(ref_store, InvalidDocument, [Document("d.xml", bad_date)]))


def test_zip_slip_is_refused(ref_store: Store, tmp_path: Path) -> None:
    target = tmp_path / "evil.zip"
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr("ok/goed.mdto.xml", GOOD)
        zf.writestr("../../buiten.mdto.xml", GOOD)
    with pytest.raises(UnsafePackage, match="escape"):
        documents_from_paths([target], 10**6)
    assert not (tmp_path.parent / "buiten.mdto.xml").exists()


def test_package_larger_than_the_limit(tmp_path: Path) -> None:
    (tmp_path / "pakket").mkdir()
    (tmp_path / "pakket" / "a.mdto.xml").write_bytes(GOOD)
    with pytest.raises(PackageTooLarge, match="limit"):
        documents_from_paths([tmp_path / "pakket"], 100)


def test_sidecar_checksum_mismatch(ref_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "sip"
    folder.mkdir()
    (folder / "b.txt.bestand.mdto.xml").write_bytes(BESTAND)
    (folder / "b.txt").write_bytes(b"abc")
    documents = documents_from_paths([folder], 10**6)
    err = refused(ref_store, ChecksumMismatch, documents)
    assert "checksum of b.txt" in str(err)


def test_importing_twice_is_refused(ref_store: Store) -> None:
    import_documents(ref_store, [Document("g.xml", GOOD)])
    err = refused(ref_store, AlreadyInRegister, [Document("g.xml", GOOD)])
    assert "already holds" in str(err)


def test_cli_import_and_export(tmp_path: Path, xsd_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store_dir = tmp_path / "store"
    s = EmbeddedStore(store_dir)
    load_reference(s)
    s.close()
    doc = tmp_path / "goed.mdto.xml"
    doc.write_bytes(GOOD)
    assert main(["--store", str(store_dir), "import", "mdto", str(doc), "--xsd", str(xsd_path)]) == 0
    out = capsys.readouterr().out.split()
    assert out == ["https://w3id.org/serieregister/id/dossier/goed"]
    assert main(["--store", str(store_dir), "export", "mdto", out[0], "--out", str(tmp_path / "x.xml")]) == 0
    assert b"<naam>Object goed</naam>" in (tmp_path / "x.xml").read_bytes()
    assert main(["--store", str(store_dir), "export", "sip", out[0], "--out", str(tmp_path / "p.zip")]) == 0
    assert "pakbon.xml" in zipfile.ZipFile(tmp_path / "p.zip").namelist()
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<MDTO>")
    assert main(["--store", str(store_dir), "import", "mdto", str(bad)]) == 2
    assert main(["--store", str(store_dir), "export", "mdto", "id:dossier/niet-daar"]) == 1


def test_api(tmp_path: Path) -> None:
    s = EmbeddedStore(None)
    load_reference(s)
    client = TestClient(create_app(s, Settings(max_upload_bytes=200_000)))
    r = client.post("/import/mdto", content=GOOD, headers={"content-type": "application/xml"})
    assert r.status_code == 201 and r.json()["imported"] == ["https://w3id.org/serieregister/id/dossier/goed"]
    r = client.get("/mdto/dossier/goed")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
    assert client.get("/mdto/dossier/niet-daar").status_code == 404
    before = s.count()
    assert (
        client.post("/import/mdto", content=b"<MDTO>", headers={"content-type": "application/xml"}).status_code == 400
    )
    assert client.post("/import/mdto", content=b"{}", headers={"content-type": "application/json"}).status_code == 415
    assert (
        client.post("/import/mdto", content=b"x" * 300_000, headers={"content-type": "application/xml"}).status_code
        == 413
    )
    assert client.post("/import/mdto", content=GOOD, headers={"content-type": "application/xml"}).status_code == 409
    invalid = GOOD.replace(b"<naam>Object goed</naam>", b"")
    assert client.post("/import/mdto", content=invalid, headers={"content-type": "application/xml"}).status_code == 422
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("../x.mdto.xml", GOOD)
    assert (
        client.post("/import/mdto", content=buf.getvalue(), headers={"content-type": "application/zip"}).status_code
        == 400
    )
    assert s.count() == before


def test_api_series_sip(demo_store: Store) -> None:
    client = TestClient(create_app(demo_store, Settings()))
    r = client.get("/series/leuven-subsidies-zonnepanelen/sip")
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert "pakbon.xml" in names and len([n for n in names if n.endswith(".mdto.xml")]) == 6
    assert client.get("/series/bestaat-niet/sip").status_code == 404


def test_import_that_violates_the_shapes_is_refused_by_the_gate(ref_store: Store) -> None:
    """XSD-valid, but a bewaartermijn with waardering B: the SHACL write gate refuses it and writes nothing."""
    doc = GOOD.replace(
        b"<begripLabel>Tijdelijk te bewaren</begripLabel>", b"<begripLabel>Blijvend te bewaren</begripLabel>"
    )
    doc = doc.replace(b"<begripCode>V</begripCode>", b"<begripCode>B</begripCode>")
    assert doc != GOOD
    error = refused(ref_store, NotConforming, [Document("b.xml", doc)])
    assert "bewaartermijn" in str(error).lower()
    assert not error.report.conforms
