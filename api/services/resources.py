"""What dereferencing an IRI means: the resource's description in the public graphs, with the labels of what
it points at (so that a client needs no second request to show it) and the resources that point at it through
the register's structure (the concepts of a scheme, the narrower processes, the dossiers of a series).

Only `public_graphs()` are ever read: anything else (drafts, provenance, system data) is, for these pages, not
there at all.
"""

from __future__ import annotations

import re

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from api.services.html_view import label_of
from mdto.namespaces import ID, MDTO
from mdto.refdata import public_graphs
from mdto.repository import describe
from mdto.store import Store
from mdto.terms import iri as q_iri

# {kind}/{slug} or begrip/{scheme}/{slug}: the shapes of docs/model.md, in the register's slug alphabet
_LOCAL = re.compile(r"^[a-z][a-z0-9-]*(/[A-Za-z0-9][A-Za-z0-9._-]{0,199}){1,2}$")
_LABEL_PROPERTIES = (SKOS.prefLabel, MDTO.naam, RDFS.label, MDTO.begripLabel, SKOS.notation)
# inverse links worth showing on a page, newest structure first; capped per page
_INCOMING = (SKOS.inScheme, SKOS.broader, MDTO.isOnderdeelVan, MDTO.isRepresentatieVan)
INCOMING_LIMIT = 1000


class NotFound(LookupError):
    pass


def iri_for(local: str) -> URIRef:
    """The minted IRI for a path under /id/; NotFound for anything that cannot be one."""
    if not _LOCAL.match(local):
        raise NotFound(f"/id/{local} is not an IRI the register mints")
    return URIRef(str(ID) + local)


def describe_resource(store: Store, iri: URIRef) -> Graph:
    """The description, the labels of its neighbours and its structural inverse links, from public graphs."""
    graphs = public_graphs()
    g = describe(store, [iri], graphs)
    if (iri, None, None) not in g:
        raise NotFound(f"{iri} is not published in this register")
    preds = " ".join(q_iri(p) for p in _INCOMING)
    labels = " ".join(q_iri(p) for p in _LABEL_PROPERTIES)
    g += store.construct(
        f"""CONSTRUCT {{ ?x ?p {q_iri(iri)} . ?x ?lp ?l }}
        WHERE {{ {{ SELECT ?x ?p WHERE {{ VALUES ?p {{ {preds} }} ?x ?p {q_iri(iri)} }} LIMIT {INCOMING_LIMIT} }}
                 OPTIONAL {{ VALUES ?lp {{ {labels} }} ?x ?lp ?l }} }}""",
        default_graphs=graphs,
    )
    targets = {o for p, o in g.predicate_objects() if isinstance(o, URIRef) and p != RDF.type and o != iri}
    add_labels(store, g, targets, graphs)
    return g


def add_labels(store: Store, g: Graph, targets: set[URIRef], graphs: list[str]) -> None:
    if not targets:
        return
    values = " ".join(sorted(q_iri(t) for t in targets))
    labels = " ".join(q_iri(p) for p in _LABEL_PROPERTIES)
    g += store.construct(
        f"CONSTRUCT {{ ?x ?p ?l }} WHERE {{ VALUES ?x {{ {values} }} VALUES ?p {{ {labels} }} ?x ?p ?l }}",
        default_graphs=graphs,
    )


def title(g: Graph, iri: URIRef) -> str:
    return label_of(g, iri) or str(iri)
