"""Reading register resources out of a store: one resource's description and labels.

The SPARQL lives here and nowhere else in the read path; IRIs enter queries only through `terms.iri`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rdflib import Graph, URIRef

from mdto.namespaces import sparql_prefixes
from mdto.store import Store
from mdto.terms import iri as q_iri

# A resource and up to three levels of the blank gegevensgroep nodes under it (e.g. beperkingGebruik ->
# beperkingGebruikDocumentatie -> verwijzingIdentificatie): everything that belongs to its description.
_TREE = """
  ?s ?p ?o .
  OPTIONAL { FILTER(isBlank(?o)) ?o ?p2 ?o2 .
    OPTIONAL { FILTER(isBlank(?o2)) ?o2 ?p3 ?o3 .
      OPTIONAL { FILTER(isBlank(?o3)) ?o3 ?p4 ?o4 } } }
"""
_CONSTRUCT = "CONSTRUCT { ?s ?p ?o . ?o ?p2 ?o2 . ?o2 ?p3 ?o3 . ?o3 ?p4 ?o4 }\n"
_DESCRIBE = _CONSTRUCT + "WHERE { VALUES ?s { %s }" + _TREE + "}"
_DESCRIBE_IN = _CONSTRUCT + "WHERE { VALUES (?s ?g) { %s } GRAPH ?g {" + _TREE + "} }"


def describe(store: Store, iris: Iterable[str], graphs: Sequence[str]) -> Graph:
    """The descriptions of these resources in the given graphs (merged as the default graph)."""
    values = " ".join(q_iri(str(i)) for i in iris)
    if not values:
        return Graph()
    return store.construct(_DESCRIBE % values, default_graphs=graphs)


def describe_in(store: Store, pairs: Iterable[tuple[str, str]]) -> Graph:
    """The description of each resource in its own graph, for (resource, graph) pairs: reading many series from
    their own draft graphs this way is an order of magnitude faster than over the union of all those graphs."""
    values = " ".join(f"({q_iri(str(s))} {q_iri(str(g))})" for s, g in pairs)
    if not values:
        return Graph()
    return store.construct(_DESCRIBE_IN % values)


def labels(store: Store, iris: Iterable[str], graphs: Sequence[str], lang: str = "nl") -> dict[URIRef, str]:
    """A human label per IRI: skos:prefLabel in `lang`, else mdto:naam, else begripLabel, else any prefLabel."""
    values = " ".join(sorted({q_iri(str(i)) for i in iris}))
    if not values:
        return {}
    rows = store.select(
        sparql_prefixes()
        + f"""
SELECT ?x (SAMPLE(?pl) AS ?pref) (SAMPLE(?n) AS ?naam) (SAMPLE(?bl) AS ?begrip) (SAMPLE(?al) AS ?any)
WHERE {{
  VALUES ?x {{ {values} }}
  OPTIONAL {{ ?x skos:prefLabel ?pl FILTER(LANGMATCHES(LANG(?pl), "{_lang(lang)}")) }}
  OPTIONAL {{ ?x mdto:naam ?n }}
  OPTIONAL {{ ?x mdto:begripLabel ?bl }}
  OPTIONAL {{ ?x skos:prefLabel ?al }}
}} GROUP BY ?x""",
        default_graphs=graphs,
    )
    out: dict[URIRef, str] = {}
    for r in rows:
        for key in ("pref", "naam", "begrip", "any"):
            if key in r:
                out[URIRef(r["x"])] = str(r[key])
                break
    return out


def _lang(lang: str) -> str:
    return lang if lang.isalpha() and len(lang) <= 8 else "nl"
