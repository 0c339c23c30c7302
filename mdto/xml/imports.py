"""Importing MDTO XML into the register: documents, directories and SIPs become RDF in `graph:published`.

The whole input is read, checked and turned into RDF first; only then is the store written, in one atomic
insert. Any error (malformed XML, a DOCTYPE, an XSD or table violation, a checksum that does not match, an object
the register already holds) is raised before that write, so the store is unchanged.

References between objects (isOnderdeelVan, heeftRepresentatie, archiefvormer, activiteit, ...) are resolved by
identificatie (kenmerk + bron): to an object of the same package or a resource in the store, when exporting that
resource would write exactly the same verwijzingNaam and verwijzingIdentificatie again; otherwise they stay blank
VerwijzingGegevens, so that nothing is lost either way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from mdto.namespaces import GRAPH_PUBLISHED, MDTO, local_part, resource_iri, slugify, sparql_prefixes
from mdto.rdfio import to_rdflib_graph
from mdto.refdata import public_graphs
from mdto.store import Store
from mdto.terms import sparql, to_ox
from mdto.validation.gate import check_write
from mdto.validation.render import render
from mdto.xml.errors import AlreadyInRegister, ChecksumMismatch, NotConforming
from mdto.xml.export import REGISTER_BRON, primary_identificatie
from mdto.xml.package import Document, safe_name
from mdto.xml.parse import parse_document, validate
from mdto.xml.reader import ConceptKey, DocumentReader, ReadObject
from mdto.xml.triples import Triples

# aggregatieniveau label -> the kind in the minted IRI (docs/model.md); other levels: id:informatieobject/...
KIND_BY_LEVEL = {"Archief": "archief", "Serie": "serie", "Dossier": "dossier", "Archiefstuk": "stuk"}
_HASHES = {"sha224": "sha224", "sha256": "sha256", "sha384": "sha384", "sha512": "sha512", "sha1": "sha1", "md5": "md5"}


@dataclass(frozen=True)
class ImportResult:
    iris: list[URIRef]
    triples: int


def load_concepts(store: Store, graphs: Sequence[str]) -> dict[ConceptKey, tuple[URIRef, str]]:
    """The register's concepts keyed by what their begripGegevens export writes."""
    rows = store.select(
        sparql_prefixes()
        + """SELECT ?c ?label ?code ?scheme ?lname ?k ?b WHERE {
  ?c mdto:begripLabel ?label ; mdto:begripBegrippenlijst ?scheme .
  ?scheme mdto:verwijzingNaam ?lname .
  OPTIONAL { ?c mdto:begripCode ?code }
  OPTIONAL { ?scheme mdto:verwijzingIdentificatie ?i . ?i mdto:identificatieKenmerk ?k ; mdto:identificatieBron ?b }
}""",
        default_graphs=graphs,
    )
    out: dict[ConceptKey, tuple[URIRef, str]] = {}
    for r in rows:
        list_id = (str(r["k"]), str(r["b"])) if "k" in r and "b" in r else None
        key = (str(r["label"]), str(r["code"]) if "code" in r else None, str(r["lname"]), list_id)
        scheme = (local_part(str(r["scheme"])) or "").removeprefix("begrippenlijst/")
        out.setdefault(key, (URIRef(r["c"]), scheme))
    return out


def read_documents(
    store: Store, documents: Iterable[Document], xsd_path: Path | None = None
) -> list[tuple[ReadObject, Document]]:
    """Parse, validate and read every document; checks sidecar checksums against their files."""
    reader = DocumentReader(load_concepts(store, public_graphs()))
    out = []
    for n, doc in enumerate(documents):
        tree = parse_document(doc.data, doc.source)
        validate(tree, xsd_path, doc.source)
        obj = reader.read(tree, doc.source, URIRef(f"urn:x-mdto-import:{n}"))
        if obj.kind == "bestand" and doc.content is not None:
            _check_content(obj, doc)
        out.append((obj, doc))
    return out


def _check_content(obj: ReadObject, doc: Document) -> None:
    assert doc.content is not None
    g, s = obj.graph, obj.subject
    size = g.value(s, MDTO.omvang)
    actual = doc.content.size
    if size is not None and int(size) != actual:
        raise ChecksumMismatch(f"omvang says {int(size)} bytes but {doc.content.name} has {actual}", doc.source)
    for group in g.objects(s, MDTO.checksum):
        algo_node = g.value(group, MDTO.checksumAlgoritme)
        # a known algorithm became our concept IRI (id:begrip/checksumalgoritmen/sha-256); others keep their label
        algo = algo_node.rsplit("/", 1)[-1] if isinstance(algo_node, URIRef) else g.value(algo_node, MDTO.begripLabel)
        name = _HASHES.get(str(algo).lower().replace("-", "")) if algo is not None else None
        expected = g.value(group, MDTO.checksumWaarde)
        if name is None or expected is None:
            continue
        digest = hashlib.new(name)
        for chunk in doc.content.chunks():
            digest.update(chunk)
        if digest.hexdigest().lower() != str(expected).strip().lower():
            raise ChecksumMismatch(
                f"{algo} checksum of {doc.content.name} is {digest.hexdigest()}, the sidecar says {expected}",
                doc.source,
            )


def import_documents(
    store: Store, documents: Iterable[Document], xsd_path: Path | None = None, files_path: Path | None = None
) -> ImportResult:
    """Import documents (one package) into `graph:published` in one write; returns the IRIs in input order."""
    read = read_documents(store, documents, xsd_path)
    objects = [obj for obj, _ in read]
    _refuse_known(store, objects)
    iris = _mint(store, objects)
    by_placeholder = dict(zip((o.subject for o in objects), iris, strict=True))
    _resolve(store, objects, by_placeholder)
    target = ox.NamedNode(str(GRAPH_PUBLISHED))
    quads, blanks = [], {}

    def term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(node, BNode):
            return blanks.setdefault(node, ox.BlankNode())
        return to_ox(by_placeholder.get(node, node) if isinstance(node, URIRef) else node)

    for obj in objects:
        for s, p, o in obj.graph:
            quads.append(ox.Quad(term(s), to_ox(p), term(o), target))
    _gate(store, quads)
    written = _store_content(read, files_path) if files_path else []
    try:
        store.insert(quads)
    except Exception:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return ImportResult(iris, len(quads))


def _gate(store: Store, quads: list[ox.Quad]) -> None:
    """The SHACL write gate (mdto profile) over what the import would write, before anything is written."""
    report = check_write(store, to_rdflib_graph(quads), "mdto")
    if not report.conforms:
        raise NotConforming("the imported objects do not conform to the MDTO profile:\n" + render(report), report)


def _refuse_known(store: Store, objects: list[ReadObject]) -> None:
    pairs = {kb: o for o in objects for kb in o.identificaties}
    if not pairs:
        return
    known = _by_identificatie(store, pairs.keys(), [str(GRAPH_PUBLISHED)])
    for (kenmerk, bron), found in known.items():
        obj = pairs[(kenmerk, bron)]
        raise AlreadyInRegister(
            f"the register already holds {found[0][0]} with identificatie {kenmerk!r} (bron {bron!r}); "
            "delete it first or import under another identificatie",
            obj.source,
        )


def _by_identificatie(
    store: Store, pairs: Iterable[tuple[str, str]], graphs: Sequence[str]
) -> dict[tuple[str, str], list[tuple[URIRef, str | None, list[tuple[str, str]]]]]:
    """Resources holding each (kenmerk, bron), with their naam and all their identificaties."""
    values = " ".join(f"({sparql(Literal(k))} {sparql(Literal(b))})" for k, b in sorted(set(pairs)))
    if not values:
        return {}
    rows = store.select(
        sparql_prefixes()
        + f"""SELECT ?k ?b ?s ?naam ?k2 ?b2 WHERE {{
  VALUES (?k ?b) {{ {values} }}
  ?s mdto:identificatie ?i . ?i mdto:identificatieKenmerk ?k ; mdto:identificatieBron ?b .
  FILTER(isIRI(?s))
  OPTIONAL {{ ?s mdto:naam ?naam }}
  ?s mdto:identificatie ?i2 . ?i2 mdto:identificatieKenmerk ?k2 ; mdto:identificatieBron ?b2 .
}}""",
        default_graphs=graphs,
    )
    found: dict[tuple[str, str], dict[URIRef, tuple[str | None, set[tuple[str, str]]]]] = {}
    for r in rows:
        entry = found.setdefault((str(r["k"]), str(r["b"])), {})
        naam, ids = entry.get(URIRef(r["s"]), (str(r["naam"]) if "naam" in r else None, set()))
        ids.add((str(r["k2"]), str(r["b2"])))
        entry[URIRef(r["s"])] = (naam, ids)
    return {kb: [(s, n, sorted(ids)) for s, (n, ids) in sorted(e.items())] for kb, e in found.items()}


def _mint(store: Store, objects: list[ReadObject]) -> list[URIRef]:
    """IRIs per docs/model.md: kind from the aggregatieniveau, slug from the identificatie."""
    wanted = []
    for obj in objects:
        kind = "bestand" if obj.kind == "bestand" else KIND_BY_LEVEL.get(obj.aggregatieniveau or "", "informatieobject")
        ids = obj.identificaties
        own = [k for k, b in ids if b == REGISTER_BRON]
        kenmerk, bron = (own[0], REGISTER_BRON) if own else primary_identificatie(ids) or (obj.naam, "")
        wanted.append((kind, kenmerk, bron))
    candidates = [resource_iri(kind, slugify(k)) for kind, k, _ in wanted]
    values = " ".join(sparql(i) for i in set(candidates))
    taken = {
        URIRef(r["s"])
        for r in store.select(f"SELECT DISTINCT ?s WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")
    }
    out: list[URIRef] = []
    used: set[URIRef] = set()
    for (kind, kenmerk, bron), iri in zip(wanted, candidates, strict=True):
        if iri in taken or iri in used:
            suffix = hashlib.sha256(f"{kenmerk}\n{bron}\n{len(out)}".encode()).hexdigest()[:8]
            iri = resource_iri(kind, f"{slugify(kenmerk)}-{suffix}")
        out.append(iri)
        used.add(iri)
    return out


def _reference_target(graph: Triples, node: Node) -> tuple[str, tuple[str, str]] | None:
    naam = graph.value(node, MDTO.verwijzingNaam)
    ident = graph.value(node, MDTO.verwijzingIdentificatie)
    if naam is None or ident is None:
        return None
    k, b = graph.value(ident, MDTO.identificatieKenmerk), graph.value(ident, MDTO.identificatieBron)
    return str(naam), (str(k), str(b))


def _resolve(store: Store, objects: list[ReadObject], by_placeholder: dict[URIRef, URIRef]) -> None:
    """Replace blank VerwijzingGegevens by resource IRIs where that loses nothing (see module docstring)."""
    package: dict[tuple[str, str], list[tuple[URIRef, str, tuple[str, str] | None]]] = {}
    for o in objects:
        primary = primary_identificatie(o.identificaties)
        for kb in o.identificaties:
            package.setdefault(kb, []).append((by_placeholder[o.subject], o.naam, primary))
    wanted = {t[1] for o in objects for _, _, node in o.references if (t := _reference_target(o.graph, node))}
    in_store = {
        kb: [(s, naam, primary_identificatie(ids)) for s, naam, ids in hits]
        for kb, hits in _by_identificatie(store, wanted - package.keys(), public_graphs()).items()
    }
    for o in objects:
        for parent, prop, node in o.references:
            target = _reference_target(o.graph, node)
            if target is None:
                continue
            naam, kb = target
            matches = [s for s, n, primary in package.get(kb) or in_store.get(kb, []) if n == naam and primary == kb]
            if len(matches) != 1:
                continue
            o.graph.replace_object(parent, prop, node, matches[0])
            o.graph.remove_tree(node)


def _store_content(read: list[tuple[ReadObject, Document]], files_path: Path) -> list[Path]:
    """Copy file contents of bestanden into the register's file directory; returns the files it created."""
    files_path.mkdir(parents=True, exist_ok=True)
    created: list[Path] = []
    for obj, doc in read:
        if doc.content is None:
            continue
        dest = files_path / safe_name(obj.naam)
        if dest.exists():
            if _same(dest, doc):
                continue
            for path in created:
                path.unlink(missing_ok=True)
            raise ChecksumMismatch(f"{dest.name} already exists in the file directory with other content", doc.source)
        with dest.open("wb") as out:
            for chunk in doc.content.chunks():
                out.write(chunk)
        created.append(dest)
    return created


def _same(path: Path, doc: Document) -> bool:
    assert doc.content is not None
    if path.stat().st_size != doc.content.size:
        return False
    a, b = hashlib.sha256(path.read_bytes()), hashlib.sha256()
    for chunk in doc.content.chunks():
        b.update(chunk)
    return a.digest() == b.digest()
