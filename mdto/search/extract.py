"""Reading the searchable view of published series and dossiers out of the store.

Which fields are searched and faceted is said once, in `SERIES` and `DOSSIERS` below, by the field keys of
`mappings/register.toml`; the RDF paths come from the mapping, so this module never repeats them. Everything is
read from the public graphs only: what is not published cannot reach the index.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import URIRef

from mdto.mapping import FieldSpec, register_mapping
from mdto.namespaces import MDTO, SKOS, SR
from mdto.repository import labels
from mdto.store import EmbeddedStore, Store
from mdto.terms import iri as q_iri
from mdto.terms import sparql


@dataclass(frozen=True)
class KindView:
    """How one kind of resource is indexed: text fields, date fields and facets (facet name -> field key)."""

    kind: str
    start: str
    end: str
    facets: dict[str, str]


SERIES = KindView(
    "serie",
    start="geldigVan",
    end="geldigTot",
    facets={
        "toepassingsgebied": "toepassingsgebied",
        "beheerder": "bewaargever",
        "archiefvormer": "archiefvormer",
        "dienstverlening": "dienstverlening",
        "proces": "proces",
        "waardering": "waardering",
    },
)
DOSSIERS = KindView(
    "dossier",
    start="geopend",
    end="gesloten",
    facets={
        "archiefvormer": "archiefvormer",
        "proces": "proces",
        "waardering": "waardering",
        "openbaarheid": "openbaarheid",
    },
)
# Derived facet: every level-1/2/3 ancestor of the process (and the process itself), so that a filter on a
# level-1 process finds the series filed under its level-3 descendants.
PROCESNIVEAU = "procesniveau"
VIEWS = {v.kind: v for v in (SERIES, DOSSIERS)}
_CHUNK = 2000


@dataclass
class Doc:
    """What the index keeps of one series or dossier."""

    iri: str
    kind: str
    naam: str = ""
    omschrijving: str = ""
    parent: str | None = None
    start: str | None = None
    end: str | None = None
    values: dict[str, set[str]] = field(default_factory=dict)


def _pattern(spec: FieldSpec) -> str:
    """Triple patterns from ?s to ?v for one field, through its gegevensgroep when it has one."""
    if spec.group is None:
        return f"?s {q_iri(spec.path)} ?v ."
    fixed = " ".join(f"?grp {q_iri(p)} {sparql(o)} ." for p, o in spec.group.fixed.items())
    return f"?s {q_iri(spec.group.path)} ?grp . {fixed} ?grp {q_iri(spec.path)} ?v ."


def _field_values(
    store: Store, view: KindView, key: str, graphs: Sequence[str], values: str
) -> Iterable[tuple[str, str]]:
    spec = register_mapping().field(view.kind, key)
    level = register_mapping().kinds[view.kind].aggregatieniveau
    # facet values are IRIs: a reference kept as a blank VerwijzingGegevens (imported MDTO XML) is not facetable
    only_iris = "FILTER(isIRI(?v))" if spec.is_iri else ""
    query = (
        f"SELECT ?s ?v WHERE {{ {values} ?s {q_iri(MDTO.aggregatieniveau)} {q_iri(level)} . {_pattern(spec)} "
        f"{only_iris} }}"
    )
    if isinstance(store, EmbeddedStore):  # a million rows: skip the rdflib terms, strings are all we keep
        solutions = store.oxigraph.query(query, default_graph=[ox.NamedNode(g) for g in graphs])
        for solution in solutions:  # type: ignore[union-attr]
            yield solution[0].value, solution[1].value
        return
    for row in store.select(query, default_graphs=graphs):
        yield str(row["s"]), str(row["v"])


def extract(store: Store, view: KindView, graphs: Sequence[str], iris: Sequence[str] | None = None) -> list[Doc]:
    """The documents of one kind in these graphs; all of them, or only `iris` (in chunks)."""
    if iris is not None:
        docs: list[Doc] = []
        ordered = sorted(set(iris))
        for i in range(0, len(ordered), _CHUNK):
            chunk = " ".join(q_iri(x) for x in ordered[i : i + _CHUNK])
            docs += _extract(store, view, graphs, f"VALUES ?s {{ {chunk} }}")
        return docs
    return _extract(store, view, graphs, "")


def _extract(store: Store, view: KindView, graphs: Sequence[str], values: str) -> list[Doc]:
    docs: dict[str, Doc] = {}
    for s, v in _field_values(store, view, "naam", graphs, values):
        docs.setdefault(s, Doc(s, view.kind, naam=v))
    if not docs:
        return []

    def each(key: str) -> Iterable[tuple[Doc, str]]:
        for s, v in _field_values(store, view, key, graphs, values):
            if s in docs:
                yield docs[s], v

    for doc, v in each("omschrijving"):
        doc.omschrijving = v
    for doc, v in each(view.start):
        doc.start = min(doc.start, v) if doc.start else v
    for doc, v in each(view.end):
        doc.end = max(doc.end, v) if doc.end else v
    if view.kind == "dossier":
        for doc, v in each("isOnderdeelVan"):
            doc.parent = v
    for facet, key in view.facets.items():
        for doc, v in each(key):
            doc.values.setdefault(facet, set()).add(v)
    if view.kind == "serie":
        ancestors = process_ancestors(store, graphs)
        for doc in docs.values():
            levels = {a for p in doc.values.get("proces", ()) for a in ancestors.get(p, {p})}
            if levels:
                doc.values[PROCESNIVEAU] = levels
    return list(docs.values())


def process_ancestors(store: Store, graphs: Sequence[str]) -> dict[str, set[str]]:
    """Process IRI -> itself and every broader process that has a procesniveau."""
    rows = store.select(
        f"SELECT ?p ?a WHERE {{ ?p {q_iri(SKOS.broader)}* ?a . ?a {q_iri(SR.procesniveau)} ?level }}",
        default_graphs=graphs,
    )
    out: dict[str, set[str]] = {}
    for r in rows:
        out.setdefault(str(r["p"]), set()).add(str(r["a"]))
    return out


def process_levels(store: Store, graphs: Sequence[str]) -> dict[str, int]:
    rows = store.select(f"SELECT ?p ?level WHERE {{ ?p {q_iri(SR.procesniveau)} ?level }}", default_graphs=graphs)
    out = {}
    for r in rows:
        try:
            out[str(r["p"])] = int(str(r["level"]))
        except ValueError:
            continue
    return out


def label_map(store: Store, iris: Iterable[str], graphs: Sequence[str]) -> dict[str, str]:
    """Labels of the facet values, fetched in chunks so that a large register does not build one huge query."""
    ordered = sorted(set(iris))
    out: dict[str, str] = {}
    for i in range(0, len(ordered), _CHUNK):
        out.update({str(k): v for k, v in labels(store, [URIRef(x) for x in ordered[i : i + _CHUNK]], graphs).items()})
    return out
