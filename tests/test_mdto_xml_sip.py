"""The demo series as an MDTO SIP (directory and zip), its pakbon, and SIP import into an empty register."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from lxml import etree

from mdto.refdata import load_reference, public_graphs
from mdto.store import EmbeddedStore, Store
from mdto.xml import documents_from_paths, export_sip, import_documents
from mdto.xml.sip import PAKBON, PAKBON_NS

SERIE = "https://w3id.org/serieregister/id/serie/leuven-subsidies-zonnepanelen"
FILES = Path(__file__).resolve().parents[1] / "data" / "demo" / "files"
P = f"{{{PAKBON_NS}}}"


def package_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def without_identity(pakbon: bytes) -> bytes:
    root = etree.fromstring(pakbon)
    for tag in ("pakketIdentificatie", "aangemaakt"):
        root.remove(root.find(P + tag))
    return etree.tostring(root)


def test_demo_series_sip_is_valid_and_its_pakbon_right(demo_store: Store, xsd_path: Path, tmp_path: Path) -> None:
    summary = export_sip(demo_store, SERIE, tmp_path / "sip", public_graphs(), FILES, xsd_path)
    files = package_files(tmp_path / "sip")
    schema = etree.XMLSchema(etree.parse(str(xsd_path)))
    docs = [n for n in files if n.endswith(".mdto.xml")]
    for name in docs:
        assert schema.validate(etree.fromstring(files[name])), name
    pakbon = etree.fromstring(files[PAKBON])
    sidecars = [n for n in docs if n.endswith(".bestand.mdto.xml")]
    assert int(pakbon.findtext(P + "aantalInformatieobjecten")) == len(docs) - len(sidecars) == 4
    assert int(pakbon.findtext(P + "aantalBestanden")) == len(sidecars) == 2
    listed = {e.findtext(P + "pad"): e for e in pakbon.findall(P + "bestand")}
    assert set(listed) == set(files) - {PAKBON}
    for name, entry in listed.items():
        assert entry.findtext(P + "checksumWaarde") == hashlib.sha256(files[name]).hexdigest()
        assert int(entry.findtext(P + "omvang")) == len(files[name])
    assert int(pakbon.findtext(P + "totaalBytes")) == sum(len(files[n]) for n in listed) == summary.total_bytes
    assert pakbon.findtext(f"{P}archiefvormer/{P}naam") == "Stad Leuven"
    for sidecar in sidecars:  # file content beside each sidecar
        assert sidecar.removesuffix(".bestand.mdto.xml") in files
    assert all(not set(part) & set('<>:"\\|?*#& ') and len(part) <= 255 for n in files for part in n.split("/"))


def test_demo_sip_imported_into_an_empty_register_exports_the_same(
    demo_store: Store, xsd_path: Path, tmp_path: Path
) -> None:
    export_sip(demo_store, SERIE, tmp_path / "first.zip", public_graphs(), FILES, xsd_path)
    fresh = EmbeddedStore(None)
    load_reference(fresh)
    files = tmp_path / "files"
    result = import_documents(fresh, documents_from_paths([tmp_path / "first.zip"], 10**8), xsd_path, files)
    assert SERIE in {str(i) for i in result.iris}
    export_sip(fresh, SERIE, tmp_path / "second", public_graphs(), files, xsd_path)
    with zipfile.ZipFile(tmp_path / "first.zip") as zf:
        first = {n: zf.read(n) for n in zf.namelist()}
    second = package_files(tmp_path / "second")
    assert set(first) == set(second)
    for name in first:
        if name == PAKBON:
            assert without_identity(first[name]) == without_identity(second[name])
        else:
            assert first[name] == second[name], name
