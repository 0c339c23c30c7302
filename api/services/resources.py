"""What dereferencing an IRI means: the resource's description in the public graphs, with the labels of what
it points at (so that a client needs no second request to show it) and the resources that point at it through
the register's structure (the concepts of a scheme, the narrower processes, the dossiers of a series).

Only `public_graphs()` are ever read: anything else (drafts, provenance, system data) is, for these pages, not
there at all.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib.namespace import RDFS, SKOS

from api.services.html_view import RDF_TYPE, label_of
from api.services.triples import Triples, construct
from mdto.namespaces import ID, MDTO
from mdto.refdata import public_graphs
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


def iri_for(local: str) -> str:
    """The minted IRI for a path under /id/; NotFound for anything that cannot be one."""
    if not _LOCAL.match(local):
        raise NotFound(f"/id/{local} is not an IRI the register mints")
    return str(ID) + local


# The resource and up to three levels of blank gegevensgroep nodes under it. Every branch starts from the bound
# IRI, so each is a few index lookups whatever the size of the register (nested OPTIONALs are not, on Oxigraph).
_DESCRIBE = """CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  {{ VALUES ?s {{ {r} }} ?s ?p ?o }}
  UNION {{ {r} ?p1 ?s . FILTER(isBlank(?s)) ?s ?p ?o }}
  UNION {{ {r} ?p1 ?b1 . FILTER(isBlank(?b1)) ?b1 ?p2 ?s . FILTER(isBlank(?s)) ?s ?p ?o }}
  UNION {{ {r} ?p1 ?b1 . FILTER(isBlank(?b1)) ?b1 ?p2 ?b2 . FILTER(isBlank(?b2)) ?b2 ?p3 ?s . FILTER(isBlank(?s))
           ?s ?p ?o }}
}}"""


def describe_resource(store: Store, iri: str) -> Triples:
    """The description, the labels of its neighbours and its structural inverse links, from public graphs."""
    graphs = public_graphs()
    focus = ox.NamedNode(iri)
    triples = Triples(construct(store, _DESCRIBE.format(r=q_iri(iri)), graphs))
    if not triples.has_subject(focus):
        raise NotFound(f"{iri} is not published in this register")
    preds = " ".join(q_iri(p) for p in _INCOMING)
    triples.add_all(
        construct(
            store,
            f"CONSTRUCT {{ ?x ?p {q_iri(iri)} }} WHERE {{ VALUES ?p {{ {preds} }} ?x ?p {q_iri(iri)} }} "
            f"LIMIT {INCOMING_LIMIT}",
            graphs,
        )
    )
    targets = {o for s in triples.subjects() for p, o in triples.predicate_objects(s) if p != RDF_TYPE}
    targets |= set(triples.subjects())
    add_labels(store, triples, {t for t in targets if isinstance(t, ox.NamedNode) and t != focus}, graphs)
    return triples


def add_labels(store: Store, triples: Triples, targets: set[ox.NamedNode], graphs: list[str]) -> None:
    if not targets:
        return
    values = " ".join(sorted(str(t) for t in targets))
    labels = ", ".join(q_iri(p) for p in _LABEL_PROPERTIES)
    # FILTER, not a second VALUES: Oxigraph joins two VALUES blocks with the pattern about 100 times slower
    triples.add_all(
        construct(
            store,
            f"CONSTRUCT {{ ?x ?p ?l }} WHERE {{ VALUES ?x {{ {values} }} ?x ?p ?l FILTER(?p IN ({labels})) }}",
            graphs,
        )
    )


def title(triples: Triples, iri: str) -> str:
    return label_of(triples, ox.NamedNode(iri)) or iri
