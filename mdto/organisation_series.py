"""The series an organisation holds, in every workflow state, for the employee view.

Two kinds of series belong to an organisation (the write side's rules, mdto.writeside.records): those with a
workflow record in graph:system that names it (or, for a selection committee, that wait for it), and series
published without the workflow (demo data, bulk loads) whose custodian or creator is one of its actors. The
name shown is the working copy's when there is one, else the published one. Whether the caller may see each one
is the write side's decision (`mdto.writeside.service.may`), not this module's.
"""

from __future__ import annotations

from dataclasses import dataclass

from mdto.auth.directory import Organisation, org_iri, tenant_actors
from mdto.auth.policy import State
from mdto.mapping import register_mapping
from mdto.namespaces import GRAPH, GRAPH_PUBLISHED, GRAPH_SYSTEM, ID, sparql_prefixes
from mdto.store import Store
from mdto.terms import iri as q_iri
from mdto.writeside.records import NO_RECORD, SeriesRecord, record_from_row

_SERIES = str(ID["serie/"])
_DRAFTS = str(GRAPH["draft/"])


@dataclass(frozen=True)
class HeldSeries:
    record: SeriesRecord
    name: str


def organisation_series(store: Store, org: Organisation) -> list[HeldSeries]:
    """Every series the organisation holds or (as a committee) has to judge, by name."""
    o = q_iri(str(org_iri(org.slug)))
    rows = store.select(
        sparql_prefixes()
        + f"""SELECT ?s ?state ?rev ?org ?committee ?version ?draftName ?pubName WHERE {{
  GRAPH {q_iri(str(GRAPH_SYSTEM))} {{
    {{ ?s sr:organisatie {o} }} UNION {{ ?s sr:commissie {o} }}
    ?s sr:status ?state ; sr:revisie ?rev ; sr:organisatie ?org .
    OPTIONAL {{ ?s sr:commissie ?committee }} OPTIONAL {{ ?s sr:versienummer ?version }} }}
  BIND(IRI(CONCAT("{_DRAFTS}", STRAFTER(STR(?s), "{_SERIES}"))) AS ?draft)
  OPTIONAL {{ GRAPH ?draft {{ ?s mdto:naam ?draftName }} }}
  OPTIONAL {{ GRAPH {q_iri(str(GRAPH_PUBLISHED))} {{ ?s mdto:naam ?pubName }} }}
}}"""
    )
    held: dict[str, HeldSeries] = {}
    for r in rows:
        rec = record_from_row(r)
        held[rec.slug] = HeldSeries(rec, str(r.get("draftName") or r.get("pubName") or rec.slug))
    for slug, name, withdrawn in _published_without_record(store, org):
        if slug not in held:
            state = State.WITHDRAWN if withdrawn else State.PUBLISHED
            held[slug] = HeldSeries(SeriesRecord(slug, org.slug, state, NO_RECORD), name)
    return sorted(held.values(), key=lambda h: (h.name.casefold(), h.record.slug))


def _published_without_record(store: Store, org: Organisation) -> list[tuple[str, str, bool]]:
    actors = " ".join(q_iri(str(a)) for a in sorted(tenant_actors(store, org)))
    rows = store.select(
        sparql_prefixes()
        + f"""SELECT DISTINCT ?s ?name ?withdrawn WHERE {{
  GRAPH {q_iri(str(GRAPH_PUBLISHED))} {{
    VALUES ?actor {{ {actors} }}
    ?s mdto:aggregatieniveau {q_iri(str(register_mapping().kinds["serie"].aggregatieniveau))} ; mdto:naam ?name ;
       sr:bewaargever|mdto:archiefvormer ?actor .
    BIND(EXISTS {{ ?s sr:publicatiestatus sr:Ingetrokken }} AS ?withdrawn) }}
  FILTER NOT EXISTS {{ GRAPH {q_iri(str(GRAPH_SYSTEM))} {{ ?s sr:revisie ?rev }} }}
}}"""
    )
    return [(str(r["s"]).removeprefix(_SERIES), str(r["name"]), r["withdrawn"].toPython() is True) for r in rows]
