"""Where each imported row lands on the write side, and the description it is compared with.

A series row is compared with its working copy when it has one (a draft, or a series under review), else with its
published description. A dossier or stuk row belongs to the series reached through `Is onderdeel van`, in the
file or in the register, and is compared with its description in that series' records graph or in
graph:published (docs/write-side.md). Everything is read in chunks: an import may hold ten thousand rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Graph, URIRef

from mdto.namespaces import GRAPH, GRAPH_PUBLISHED, draft_graph, resource_iri, sparql_prefixes
from mdto.repository import describe_in
from mdto.spreadsheet.pending import Pending
from mdto.store import Store
from mdto.terms import iri as q_iri
from mdto.writeside.dossiers import records_graph
from mdto.writeside.records import read_records, revisions_of

_CHUNK = 500
SERIES_PREFIX = str(resource_iri("serie", ""))


def locate(store: Store, pending: Sequence[Pending]) -> None:
    """Fill in each readable row's series, that series' record and (dossiers, stukken) its own revision."""
    rows = [p for p in pending if p.resource is not None]
    by_iri = {p.resource.iri: p for p in rows}
    parents = {p.resource.iri: _parent(p) for p in rows if p.kind != "serie"}
    outside = {parent for parent in parents.values() if parent is not None and parent not in by_iri}
    known = series_in_register(store, [x for x in outside if series_slug(x) is None])
    for p in rows:
        p.series = p.resource.identificatie if p.kind == "serie" else _series_of(p.resource.iri, parents, known)
    records = read_records(store, sorted({p.series for p in rows if p.series}))
    for p in rows:
        p.record = records.get(p.series) if p.series else None
    revisions = revisions_of(store, [p.resource.iri for p in rows if p.kind != "serie"])
    for p in rows:
        if p.kind != "serie":
            p.revision = revisions.get(p.resource.iri)


def _parent(p: Pending) -> URIRef | None:
    value = p.resource.get("isOnderdeelVan")
    return URIRef(value) if value else None


def _series_of(iri: URIRef, parents: dict[URIRef, URIRef | None], known: dict[URIRef, str]) -> str | None:
    seen = set()
    while iri not in seen:
        seen.add(iri)
        if (slug := series_slug(iri)) is not None:
            return slug
        if iri in known:
            return known[iri]
        parent = parents.get(iri)
        if parent is None:
            return None
        iri = parent
    return None  # a cycle of parts: the shapes report it


def series_slug(iri: URIRef) -> str | None:
    text = str(iri)
    slug = text[len(SERIES_PREFIX) :] if text.startswith(SERIES_PREFIX) else ""
    return slug if slug and "/" not in slug else None


def series_in_register(store: Store, parts: Sequence[URIRef]) -> dict[URIRef, str]:
    """The series that registered dossiers or stukken belong to (published or in a records graph)."""
    out: dict[URIRef, str] = {}
    records_prefix = str(GRAPH["records/"])
    for i in range(0, len(parts), _CHUNK):
        values = " ".join(q_iri(str(x)) for x in parts[i : i + _CHUNK])
        rows = store.select(
            sparql_prefixes()
            + f"""SELECT ?x ?series WHERE {{ VALUES ?x {{ {values} }} GRAPH ?g {{ ?x mdto:isOnderdeelVan+ ?series }}
  FILTER((?g = {q_iri(str(GRAPH_PUBLISHED))} || STRSTARTS(STR(?g), "{records_prefix}"))
         && STRSTARTS(STR(?series), "{SERIES_PREFIX}")) }}"""
        )
        for r in rows:
            if (slug := series_slug(URIRef(r["series"]))) is not None:
                out[URIRef(r["x"])] = slug
    return out


def graphs_of(p: Pending) -> list[str]:
    """The graphs that hold the row's current description."""
    if p.kind == "serie":
        if p.record is not None and p.record.has_working_copy:
            return [str(draft_graph(p.record.slug))]
        return [str(GRAPH_PUBLISHED)]
    return [str(GRAPH_PUBLISHED)] + ([str(records_graph(p.series))] if p.series else [])


def read_stored(store: Store, pending: Sequence[Pending]) -> Graph:
    """The current descriptions of these rows' resources, each read from its own graphs only, so that a series'
    working copy never mixes with its published description."""
    pairs = [(p.resource.iri, g) for p in pending for g in graphs_of(p)]
    out = Graph()
    for i in range(0, len(pairs), _CHUNK):
        out += describe_in(store, pairs[i : i + _CHUNK])
    return out


def context_graphs(pending: Sequence[Pending]) -> list[str]:
    """The non-public graphs the rows may point into: their series' drafts and records graphs."""
    series = sorted({p.series for p in pending if p.series})
    return [str(g) for s in series for g in (draft_graph(s), records_graph(s))]
