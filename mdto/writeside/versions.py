"""Published versions of a series: listing, reading one, and the field-level diff between any two states."""

from __future__ import annotations

from typing import Any

from mdto.namespaces import resource_iri, sparql_prefixes
from mdto.store import Store
from mdto.terms import iri as q_iri


def list_versions(store: Store, slug: str) -> list[dict[str, Any]]:
    s = q_iri(str(resource_iri("serie", slug)))
    rows = store.select(
        sparql_prefixes()
        + f"""SELECT ?v ?n ?issued ?accepted ?created ?modified ?status WHERE {{ GRAPH ?g {{
  ?v dcterms:isVersionOf {s} ; sr:versienummer ?n ; dcterms:issued ?issued .
  OPTIONAL {{ {s} dcterms:dateAccepted ?accepted }} OPTIONAL {{ {s} dcterms:created ?created }}
  OPTIONAL {{ {s} dcterms:modified ?modified }} }}
  FILTER(STRSTARTS(STR(?g), "https://w3id.org/serieregister/graph/version/")) }} ORDER BY ?n"""
    )
    return [
        {
            "version": int(r["n"].toPython()),
            "iri": str(r["v"]),
            "published": str(r["issued"]),
            "approved": str(r["accepted"]) if "accepted" in r else None,
            "created": str(r["created"]) if "created" in r else None,
            "modified": str(r["modified"]) if "modified" in r else None,
        }
        for r in rows
    ]


def latest_version(store: Store, slug: str) -> int:
    versions = list_versions(store, slug)
    return versions[-1]["version"] if versions else 0
