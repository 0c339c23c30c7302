"""A series (or any informatieobject) as an MDTO SIP, written as a directory or a zip, streamed.

Layout (docs/mdto-xml.md): a folder per informatieobject named after its naam, holding `<naam>.mdto.xml` and the
folders of its parts; each bestand as `<bestandsnaam>.bestand.mdto.xml` in the folder of the informatieobject it
represents, with the file itself beside it when the register has its content; and `pakbon.xml` at the top.

Memory stays flat as the package grows: parts are fetched a page at a time with a keyset cursor, each document
is built, written and dropped, referenced actors and concepts sit in a bounded cache, the pakbon's file list is
spooled to a temporary file, and zip entries are streamed. What does grow is small: the names used in one folder
(to keep them unique) and, in a zip, the central directory that the zip format keeps until the end.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import uuid
import zipfile
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
from lxml import etree
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from mdto.namespaces import MDTO, sparql_prefixes
from mdto.store import EmbeddedStore, Store
from mdto.terms import sparql
from mdto.xml.export import Describer, graph_to_element, identificaties, primary_identificatie, serialize
from mdto.xml.package import DOCUMENT_SUFFIX, SIDECAR_SUFFIX, safe_name
from mdto.xml.parse import validate

PAKBON = "pakbon.xml"
_OX_PARTS = [
    ox.NamedNode(str(MDTO[p])) for p in ("isOnderdeelVan", "bevatOnderdeel", "isRepresentatieVan", "heeftRepresentatie")
]
PAKBON_NS = "https://w3id.org/serieregister/def/pakbon#"
MAX_DEPTH = 12
_CHUNK = 1 << 20


@dataclass(frozen=True)
class SipSummary:
    identifier: str
    informatieobjecten: int
    bestanden: int
    files: int
    total_bytes: int


class _Sink(ABC):
    """Writes package files and keeps the pakbon's per-file list in a temporary file."""

    def __init__(self) -> None:
        self.listing = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self.files = 0
        self.total = 0

    def _record(self, path: str, size: int, digest: str) -> None:
        el = etree.Element(_p("bestand"), nsmap={None: PAKBON_NS})
        etree.SubElement(el, _p("pad")).text = path
        etree.SubElement(el, _p("omvang")).text = str(size)
        etree.SubElement(el, _p("checksumWaarde")).text = digest
        self.listing.write(etree.tostring(el) + b"\n")
        self.files += 1
        self.total += size

    def add_bytes(self, path: str, data: bytes) -> None:
        self._write_bytes(path, data)
        self._record(path, len(data), hashlib.sha256(data).hexdigest())

    def add_file(self, path: str, source: Path) -> None:
        digest, size = hashlib.sha256(), 0
        with source.open("rb") as src, self._open(path) as out:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        self._record(path, size, digest.hexdigest())

    def listed(self) -> Iterator[etree._Element]:
        self.listing.seek(0)
        for line in self.listing:
            yield etree.fromstring(line)

    def _write_bytes(self, path: str, data: bytes) -> None:
        with self._open(path) as out:
            out.write(data)

    @abstractmethod
    def _open(self, path: str):
        """A writable binary stream for the package file `path`."""

    def close(self) -> None:
        self.listing.close()


class _DirectorySink(_Sink):
    def __init__(self, root: Path):
        super().__init__()
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def _open(self, path: str):
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        return target.open("wb")


class _ZipSink(_Sink):
    def __init__(self, target: Path):
        super().__init__()
        self.zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)

    def _open(self, path: str):
        info = zipfile.ZipInfo(path, date_time=datetime.now(UTC).timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        return self.zip.open(info, "w", force_zip64=True)

    def close(self) -> None:
        self.zip.close()
        super().close()


def _p(local: str) -> str:
    return f"{{{PAKBON_NS}}}{local}"


class _Folder:
    """Names used in one folder, so that every name in the package is unique."""

    def __init__(self, path: str):
        self.path, self.used = path, set()

    def claim(self, name: str, suffix: str = "") -> str:
        base = safe_name(name, suffix)[: -len(suffix) or None]
        candidate, n = base, 1
        while candidate.lower() in self.used:
            n += 1
            tail = f"_{n}"
            candidate = base[: 255 - len(suffix) - len(tail)] + tail
        self.used.add(candidate.lower())
        return candidate


class SipWriter:
    def __init__(
        self,
        store: Store,
        graphs: Sequence[str],
        files_path: Path | None = None,
        xsd_path: Path | None = None,
        page_size: int = 500,
    ):
        self.store, self.graphs = store, list(graphs)
        self.files_path, self.xsd_path, self.page_size = files_path, xsd_path, page_size
        self.describer = Describer(store, graphs)
        self.objects = self.bestanden = 0

    def write(self, iri: str | URIRef, out: Path) -> SipSummary:
        """Write the package of `iri` to `out` (a directory, or a zip when it ends in .zip)."""
        iri = URIRef(str(iri))
        graph = self.describer.graph_for([iri])
        if (iri, MDTO.naam, None) not in graph or (iri, RDF.type, MDTO.Bestand) in graph:
            raise LookupError(f"{iri} is not an informatieobject in these graphs")
        sink: _Sink = _ZipSink(out) if out.suffix.lower() == ".zip" else _DirectorySink(out)
        try:
            top = _Folder("")
            self._object(sink, top, iri, graph, 0)
            created = datetime.now(UTC).replace(microsecond=0)
            identifier = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{iri}#{created.isoformat()}')}"
            pakbon = self._pakbon(sink, identifier, created, graph, iri)
            sink._write_bytes(PAKBON, pakbon)
            return SipSummary(identifier, self.objects, self.bestanden, sink.files, sink.total)
        finally:
            sink.close()

    def _document(self, graph, iri: URIRef) -> bytes:
        root = graph_to_element(graph, iri)
        if self.xsd_path is not None:
            validate(etree.ElementTree(root), self.xsd_path, str(iri))
        return serialize(root)

    def _object(self, sink: _Sink, parent: _Folder, iri: URIRef, graph, depth: int) -> None:
        naam = str(graph.value(iri, MDTO.naam))
        folder_name = parent.claim(naam)
        path = f"{parent.path}{folder_name}/"
        folder = _Folder(path)
        sink.add_bytes(path + folder.claim(naam, DOCUMENT_SUFFIX) + DOCUMENT_SUFFIX, self._document(graph, iri))
        self.objects += 1
        if depth >= MAX_DEPTH:
            return
        for page in self._parts(iri):
            page_graph = self.describer.graph_for(page)
            for part in page:
                if (part, MDTO.naam, None) not in page_graph:
                    continue
                if (part, RDF.type, MDTO.Bestand) in page_graph:
                    self._bestand(sink, folder, part, page_graph)
                else:
                    self._object(sink, folder, part, page_graph, depth + 1)

    def _bestand(self, sink: _Sink, folder: _Folder, iri: URIRef, graph) -> None:
        naam = str(graph.value(iri, MDTO.naam))
        base = folder.claim(naam, SIDECAR_SUFFIX)
        sink.add_bytes(folder.path + base + SIDECAR_SUFFIX, self._document(graph, iri))
        self.bestanden += 1
        content = self.files_path / safe_name(naam) if self.files_path else None
        if content is not None and content.is_file():
            sink.add_file(folder.path + base, content)

    def _parts(self, parent: URIRef) -> Iterator[list[URIRef]]:
        """The direct parts and representations of `parent`, a page at a time, by a keyset cursor on the IRI."""
        if not self._may_have_parts(parent):
            return
        cursor = ""
        while True:
            p = sparql(parent)
            rows = self.store.select(
                sparql_prefixes()
                + f"""SELECT DISTINCT ?c WHERE {{
  {{ ?c mdto:isOnderdeelVan {p} }} UNION {{ {p} mdto:bevatOnderdeel ?c }}
  UNION {{ ?c mdto:isRepresentatieVan {p} }} UNION {{ {p} mdto:heeftRepresentatie ?c }}
  FILTER(isIRI(?c) && STR(?c) > {sparql(Literal(cursor))})
}} ORDER BY STR(?c) LIMIT {int(self.page_size)}""",
                default_graphs=self.graphs,
            )
            page = [URIRef(r["c"]) for r in rows]
            if not page:
                return
            yield page
            cursor = str(page[-1])

    def _may_have_parts(self, parent: URIRef) -> bool:
        """On the embedded store, a look into the quad index spares most objects (leaves) the paging query."""
        if not isinstance(self.store, EmbeddedStore):
            return True
        ox_store, node = self.store.oxigraph, ox.NamedNode(str(parent))
        for g in (ox.NamedNode(g) for g in self.graphs):
            for pattern in (
                (None, _OX_PARTS[0], node),
                (node, _OX_PARTS[1], None),
                (None, _OX_PARTS[2], node),
                (node, _OX_PARTS[3], None),
            ):
                if next(iter(ox_store.quads_for_pattern(*pattern, g)), None) is not None:
                    return True
        return False

    def _pakbon(self, sink: _Sink, identifier: str, created: datetime, graph, iri: URIRef) -> bytes:
        with tempfile.TemporaryFile() as buf:
            with etree.xmlfile(buf, encoding="UTF-8") as xf:
                xf.write_declaration()
                with xf.element(_p("pakbon"), nsmap={None: PAKBON_NS}):
                    for tag, text in (
                        ("pakketIdentificatie", identifier),
                        ("aangemaakt", created.isoformat().replace("+00:00", "Z")),
                        ("informatieobject", str(iri)),
                    ):
                        xf.write(_leaf(tag, text), pretty_print=True)
                    for actor in sorted(graph.objects(iri, MDTO.archiefvormer), key=str):
                        xf.write(_archiefvormer(graph, actor), pretty_print=True)
                    for tag, n in (
                        ("aantalInformatieobjecten", self.objects),
                        ("aantalBestanden", self.bestanden),
                        ("aantalBestandenInPakket", sink.files),
                        ("totaalBytes", sink.total),
                    ):
                        xf.write(_leaf(tag, str(n)), pretty_print=True)
                    xf.write(_leaf("checksumAlgoritme", "SHA-256"), pretty_print=True)
                    for entry in sink.listed():
                        xf.write(entry, pretty_print=True)
            buf.seek(0)
            return buf.read()


def _leaf(tag: str, text: str) -> etree._Element:
    el = etree.Element(_p(tag), nsmap={None: PAKBON_NS})
    el.text = text
    return el


def _archiefvormer(graph, actor) -> etree._Element:
    el = etree.Element(_p("archiefvormer"), nsmap={None: PAKBON_NS})
    naam = graph.value(actor, MDTO.verwijzingNaam) or graph.value(actor, MDTO.naam) or actor
    etree.SubElement(el, _p("naam")).text = str(naam)
    ident = graph.value(actor, MDTO.verwijzingIdentificatie)
    ids = (
        [(str(graph.value(ident, MDTO.identificatieKenmerk)), str(graph.value(ident, MDTO.identificatieBron)))]
        if ident is not None
        else identificaties(graph, actor)
    )
    primary = primary_identificatie(ids)
    if primary:
        etree.SubElement(el, _p("identificatieKenmerk")).text = primary[0]
        etree.SubElement(el, _p("identificatieBron")).text = primary[1]
    return el


def export_sip(
    store: Store,
    iri: str | URIRef,
    out: Path,
    graphs: Sequence[str],
    files_path: Path | None = None,
    xsd_path: Path | None = None,
) -> SipSummary:
    """Write the MDTO SIP of `iri` to `out` (directory, or zip when `out` ends in .zip)."""
    if out.suffix.lower() != ".zip" and out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} exists and is not empty; give a new directory or a .zip file")
    return SipWriter(store, graphs, files_path, xsd_path).write(iri, out)


def remove_partial(out: Path) -> None:
    """Remove what a failed export left behind."""
    if out.is_dir():
        shutil.rmtree(out, ignore_errors=True)
    else:
        out.unlink(missing_ok=True)
