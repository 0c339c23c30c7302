"""The audit trail: every change and transition of a series as a PROV-O activity in graph:prov.

    id:activiteit/{rev} a prov:Activity ;
        sr:actie "submit" ; prov:used id:serie/x ; prov:wasAssociatedWith id:gebruiker/y ;
        prov:startedAtTime "..."^^xsd:dateTime ; sr:organisatie id:organisatie/z ;
        sr:vanStatus "draft" ; sr:naarStatus "submitted" ; rdfs:comment "remarks" ;
        sr:revisie "rev" ;
        sr:wijziging [ a sr:Wijziging ; sr:veld "naam" ; sr:oudeWaarde "..." ; sr:nieuweWaarde "..." ] .

The activity is written in the same guarded update as the change itself, so there is no change without its
record and no record of a change that did not happen.
"""

from __future__ import annotations

from typing import Any

from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.namespace import FOAF, PROV, XSD

from mdto.auth.directory import Principal, org_iri, user_iri
from mdto.namespaces import GRAPH_PROV, SR, sparql_prefixes
from mdto.store import Store
from mdto.terms import iri as q_iri
from mdto.writeside.records import Change


def agent_iri(principal: Principal) -> URIRef:
    return user_iri(principal.user)


def record(
    change: Change,
    principal: Principal,
    action: str,
    stamp: str,
    org: str | None,
    from_state: str | None,
    to_state: str | None,
    remarks: str | None = None,
    changes: list[dict[str, Any]] | None = None,
    generated: URIRef | None = None,
) -> None:
    a = change.activity
    agent = agent_iri(principal)
    triples: list[tuple] = [
        (a, RDF.type, PROV.Activity),
        (a, SR.actie, Literal(action)),
        (a, PROV.used, change.subject),
        (a, PROV.wasAssociatedWith, agent),
        (agent, RDF.type, PROV.Agent),
        (agent, FOAF.name, Literal(principal.name)),
        (a, PROV.startedAtTime, Literal(stamp, datatype=XSD.dateTime)),
        (a, SR.revisie, Literal(change.new_rev)),
    ]
    if org:
        triples.append((a, SR.organisatie, org_iri(org)))
    if from_state:
        triples.append((a, SR.vanStatus, Literal(from_state)))
    if to_state:
        triples.append((a, SR.naarStatus, Literal(to_state)))
    if remarks:
        triples.append((a, RDFS.comment, Literal(remarks)))
    if generated is not None:
        triples += [(a, PROV.generated, generated), (generated, PROV.wasGeneratedBy, a)]
    for c in changes or []:
        node = BNode()
        triples += [(a, SR.wijziging, node), (node, RDF.type, SR.Wijziging), (node, SR.veld, Literal(c["field"]))]
        for key, prop in (("from", SR.oudeWaarde), ("to", SR.nieuweWaarde)):
            values = c[key] if isinstance(c[key], list) else [c[key]] if c[key] is not None else []
            triples += [(node, prop, Literal(v)) for v in values]
    change.insert(GRAPH_PROV, triples)


TRAIL_QUERY = """SELECT ?activity ?action ?series ?agent ?name ?at ?org ?from ?to ?remarks ?generated
       ?field ?old ?new
WHERE { GRAPH <%(prov)s> {
  ?activity a prov:Activity ; sr:actie ?action ; prov:used ?series ; prov:wasAssociatedWith ?agent ;
            prov:startedAtTime ?at .
  %(filter)s
  OPTIONAL { ?agent foaf:name ?name }
  OPTIONAL { ?activity sr:organisatie ?org } OPTIONAL { ?activity sr:vanStatus ?from }
  OPTIONAL { ?activity sr:naarStatus ?to } OPTIONAL { ?activity rdfs:comment ?remarks }
  OPTIONAL { ?activity prov:generated ?generated }
  OPTIONAL { ?activity sr:wijziging ?w . ?w sr:veld ?field .
             OPTIONAL { ?w sr:oudeWaarde ?old } OPTIONAL { ?w sr:nieuweWaarde ?new } } } }
ORDER BY ?at ?activity"""


def trail(store: Store, series: URIRef | None = None, org: str | None = None) -> list[dict[str, Any]]:
    """The audit trail of one series, or of every series of one organisation, oldest first."""
    filters = []
    if series is not None:
        filters.append(f"FILTER(?series = {q_iri(str(series))})")
    if org is not None:
        filters.append(f"?activity sr:organisatie {q_iri(str(org_iri(org)))} .")
    rows = store.select(sparql_prefixes() + TRAIL_QUERY % {"prov": GRAPH_PROV, "filter": " ".join(filters)})
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        key = str(r["activity"])
        item = out.setdefault(
            key,
            {
                "activity": key,
                "action": str(r["action"]),
                "series": str(r["series"]),
                "agent": str(r["agent"]),
                "agent_name": str(r.get("name", "")),
                "at": str(r["at"]),
                "organisation": str(r["org"]) if "org" in r else None,
                "from_state": str(r["from"]) if "from" in r else None,
                "to_state": str(r["to"]) if "to" in r else None,
                "remarks": str(r["remarks"]) if "remarks" in r else None,
                "generated": str(r["generated"]) if "generated" in r else None,
                "changes": {},
            },
        )
        if "field" in r:
            c = item["changes"].setdefault(str(r["field"]), {"field": str(r["field"]), "from": set(), "to": set()})
            if "old" in r:
                c["from"].add(str(r["old"]))
            if "new" in r:
                c["to"].add(str(r["new"]))
    result = []
    for item in out.values():
        item["changes"] = [
            {"field": c["field"], "from": sorted(c["from"]), "to": sorted(c["to"])} for c in item["changes"].values()
        ]
        result.append(item)
    return result
