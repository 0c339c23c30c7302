"""The workflow record of a series in graph:system, and `Change`: one guarded, atomic update of a series.

A record says who holds the series, its workflow state, its revision (the ETag clients send back in If-Match),
the last published version number and the dates the register shows. A series published without the workflow
(demo data, bulk loads) has no record: it reads as state published (or withdrawn), revision "0", held by the
tenant whose actors include its bewaargever or archiefvormer.

`Change` collects SPARQL Update operations that all carry the same guard (the record still has the expected
revision) and ends with bumping the revision; the store runs them as one request, so either all apply or none.
Afterwards one ASK tells whether this writer's revision won; if not, the client's ETag was stale.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD
from rdflib.term import Node

from mdto.auth.directory import get_organisation, org_iri, organisation_of_actor, slug_of
from mdto.auth.policy import State
from mdto.namespaces import (
    GRAPH_PROV,
    GRAPH_PUBLISHED,
    GRAPH_SYSTEM,
    ID,
    SR,
    draft_graph,
    resource_iri,
    sparql_prefixes,
)
from mdto.store import Store
from mdto.terms import iri as q_iri
from mdto.terms import sparql

SYS = q_iri(str(GRAPH_SYSTEM))
NO_RECORD = "0"


class StaleRevision(Exception):
    """The series changed since the client read it (If-Match does not match)."""


@dataclass
class SeriesRecord:
    slug: str
    org: str | None
    state: State
    rev: str
    version: int = 0  # last published version number, 0 if never published through the workflow
    committee: str | None = None  # the committee a forwarded series waits for
    created: str | None = None
    modified: str | None = None
    approved: str | None = None
    remarks: str | None = None

    @property
    def iri(self) -> URIRef:
        return resource_iri("serie", self.slug)

    @property
    def etag(self) -> str:
        return f'"{self.rev}"'

    @property
    def has_working_copy(self) -> bool:
        return self.state in (State.DRAFT, State.SUBMITTED, State.FORWARDED, State.APPROVED)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.slug,
            "organisation": self.org,
            "state": self.state.value,
            "version": self.version,
            "committee": self.committee,
            "created": self.created,
            "modified": self.modified,
            "approved": self.approved,
            "remarks": self.remarks,
        }


def read_record(store: Store, slug: str) -> SeriesRecord | None:
    return read_records(store, [slug]).get(slug)


_CHUNK = 500


def read_records(store: Store, slugs: Sequence[str]) -> dict[str, SeriesRecord]:
    """The workflow records of many series at once (bulk imports read thousands); a slug without a record and
    without a published description is absent from the answer."""
    out: dict[str, SeriesRecord] = {}
    unique = list(dict.fromkeys(slugs))
    for i in range(0, len(unique), _CHUNK):
        chunk = unique[i : i + _CHUNK]
        values = " ".join(q_iri(str(resource_iri("serie", s))) for s in chunk)
        rows = store.select(
            sparql_prefixes()
            + f"""SELECT * WHERE {{ VALUES ?s {{ {values} }} GRAPH {SYS} {{ ?s sr:revisie ?rev ; sr:status ?state ;
  sr:organisatie ?org .
  OPTIONAL {{ ?s sr:versienummer ?version }} OPTIONAL {{ ?s sr:commissie ?committee }}
  OPTIONAL {{ ?s dcterms:created ?created }} OPTIONAL {{ ?s dcterms:modified ?modified }}
  OPTIONAL {{ ?s dcterms:dateAccepted ?approved }} OPTIONAL {{ ?s sr:opmerking ?remarks }} }} }}"""
        )
        for r in rows:
            rec = record_from_row(r)
            out[rec.slug] = rec
        out |= _implicit_records(store, [s for s in chunk if s not in out])
    return out


def record_from_row(r: dict[str, Any]) -> SeriesRecord:
    """A record from a query row binding ?s ?org ?state ?rev, and optionally ?version ?committee ?created
    ?modified ?approved ?remarks (the triples of graph:system under the series)."""
    return SeriesRecord(
        slug_of(r["s"], "serie"),
        slug_of(r["org"], "organisatie"),
        State(str(r["state"])),
        str(r["rev"]),
        int(r["version"].toPython()) if "version" in r else 0,
        slug_of(r["committee"], "organisatie") if "committee" in r else None,
        *(str(r[k]) if k in r else None for k in ("created", "modified", "approved", "remarks")),
    )


def _implicit_records(store: Store, slugs: list[str]) -> dict[str, SeriesRecord]:
    """Series in graph:published that never went through the workflow."""
    if not slugs:
        return {}
    values = " ".join(q_iri(str(resource_iri("serie", s))) for s in slugs)
    rows = store.select(
        sparql_prefixes()
        + f"""SELECT ?s ?actor ?withdrawn ?issued WHERE {{ VALUES ?s {{ {values} }} GRAPH <{GRAPH_PUBLISHED}> {{
  ?s mdto:aggregatieniveau ?level .
  OPTIONAL {{ ?s sr:bewaargever|mdto:archiefvormer ?actor }}
  OPTIONAL {{ ?s sr:publicatiestatus ?withdrawn FILTER(?withdrawn = sr:Ingetrokken) }}
  OPTIONAL {{ ?s dcterms:issued ?issued }} }} }}"""
    )
    by_series: dict[str, list[dict]] = {}
    for r in rows:
        by_series.setdefault(slug_of(r["s"], "serie"), []).append(r)
    holders: dict[URIRef, str | None] = {}
    out = {}
    for slug, found in by_series.items():
        org = None
        for r in found:
            if "actor" in r:
                actor = URIRef(r["actor"])
                if actor not in holders:
                    o = organisation_of_actor(store, actor)
                    holders[actor] = o.slug if o else None
                if holders[actor] is not None:
                    org = holders[actor]
                    break
        state = State.WITHDRAWN if any("withdrawn" in r for r in found) else State.PUBLISHED
        issued = next((str(r["issued"]) for r in found if "issued" in r), None)
        out[slug] = SeriesRecord(slug, org, state, NO_RECORD, 0, None, issued, issued)
    return out


def revision_of(store: Store, subject: URIRef) -> str | None:
    """The revision of a dossier or stuk written through the API (None for data loaded otherwise)."""
    return revisions_of(store, [subject]).get(subject)


def revisions_of(store: Store, subjects: Sequence[URIRef]) -> dict[URIRef, str]:
    out: dict[URIRef, str] = {}
    for i in range(0, len(subjects), _CHUNK):
        values = " ".join(q_iri(str(s)) for s in subjects[i : i + _CHUNK])
        rows = store.select(
            f"SELECT ?s ?rev WHERE {{ VALUES ?s {{ {values} }} GRAPH {SYS} {{ ?s {sparql(SR.revisie)} ?rev }} }}"
        )
        out |= {URIRef(r["s"]): str(r["rev"]) for r in rows}
    return out


def organisation_is_shortened(store: Store, org: str | None) -> bool:
    o = get_organisation(store, org) if org else None
    return bool(o and o.shortened_flow)


def series_exists_anywhere(store: Store, slug: str) -> bool:
    """Is the slug taken: a record, a draft, a published description or a version."""
    s = q_iri(str(resource_iri("serie", slug)))
    return store.ask(
        f"ASK {{ {{ GRAPH {SYS} {{ {s} ?p ?o }} }} UNION {{ GRAPH {q_iri(str(draft_graph(slug)))} {{ ?a ?b ?c }} }}"
        f" UNION {{ GRAPH <{GRAPH_PUBLISHED}> {{ {s} ?p ?o }} }} }}"
    )


class Change:
    """Operations on one series that apply together, and only if its revision is still `expected`."""

    def __init__(self, slug: str, expected: str, subject: URIRef | None = None, guard: str | None = None):
        """`subject` is the resource whose revision guards the change: the series itself by default, or one of
        its dossiers or stukken. `guard` replaces the revision check by another pattern (`Batch` guards many
        changes by one check of all their revisions)."""
        self.slug = slug
        self.subject = subject or resource_iri("serie", slug)
        self.new_rev = secrets.token_hex(8)
        # the audit activity of this change; its presence after the update proves the guard held
        self.activity = URIRef(ID[f"activiteit/{self.new_rev}"])
        self._s = q_iri(str(self.subject))
        self.expected = expected
        if guard is not None:
            self.guard = guard
        elif expected == NO_RECORD:
            self.guard = f"FILTER NOT EXISTS {{ GRAPH {SYS} {{ {self._s} {sparql(SR.revisie)} ?anyrev }} }}"
        else:
            self.guard = f"GRAPH {SYS} {{ {self._s} {sparql(SR.revisie)} {sparql(Literal(expected))} }}"
        self.ops: list[str] = []
        self.deletes_record = False

    def _block(self, triples: Any) -> str:
        n = len(self.ops)
        return " ".join(f"{_term(s, n)} {_term(p, n)} {_term(o, n)} ." for s, p, o in triples)

    def insert(self, graph: str | URIRef, triples: Graph | list[tuple]) -> None:
        self.ops.append(f"INSERT {{ GRAPH {q_iri(str(graph))} {{ {self._block(triples)} }} }} WHERE {{ {self.guard} }}")

    def insert_new_graph(self, graph: str | URIRef, triples: Graph | list[tuple]) -> None:
        """Insert into a graph that must still be empty (an immutable version graph is written once)."""
        g = q_iri(str(graph))
        self.ops.append(
            f"INSERT {{ GRAPH {g} {{ {self._block(triples)} }} }} "
            f"WHERE {{ {self.guard} FILTER NOT EXISTS {{ GRAPH {g} {{ ?vs ?vp ?vo }} }} }}"
        )

    def clear(self, graph: str | URIRef) -> None:
        g = q_iri(str(graph))
        self.ops.append(f"DELETE {{ GRAPH {g} {{ ?s ?p ?o }} }} WHERE {{ {self.guard} GRAPH {g} {{ ?s ?p ?o }} }}")

    def delete_description(self, graph: str | URIRef, subject: URIRef) -> None:
        """Remove a resource and its blank gegevensgroep nodes (three levels deep) from one graph."""
        g, s = q_iri(str(graph)), q_iri(str(subject))
        self.ops.append(
            f"""DELETE {{ GRAPH {g} {{ {s} ?p ?o . ?o ?p2 ?o2 . ?o2 ?p3 ?o3 . ?o3 ?p4 ?o4 }} }}
WHERE {{ {self.guard} GRAPH {g} {{ {s} ?p ?o .
  OPTIONAL {{ FILTER(isBlank(?o)) ?o ?p2 ?o2 .
    OPTIONAL {{ FILTER(isBlank(?o2)) ?o2 ?p3 ?o3 .
      OPTIONAL {{ FILTER(isBlank(?o3)) ?o3 ?p4 ?o4 }} }} }} }} }}"""
        )

    def set_record(self, values: dict[URIRef, Node | None]) -> None:
        """Replace these properties of the record (None removes one)."""
        for p, value in values.items():
            self.ops.append(
                f"DELETE {{ GRAPH {SYS} {{ {self._s} {sparql(p)} ?old }} }} "
                f"WHERE {{ {self.guard} GRAPH {SYS} {{ {self._s} {sparql(p)} ?old }} }}"
            )
            if value is not None:
                self.insert(GRAPH_SYSTEM, [(self.subject, p, value)])

    def delete_where(self, graph: str | URIRef, template: str, pattern: str) -> None:
        """DELETE `template` WHERE `pattern`, inside one graph and under the guard (both are SPARQL text built by
        the caller from terms.sparql values)."""
        g = q_iri(str(graph))
        self.ops.append(f"DELETE {{ GRAPH {g} {{ {template} }} }} WHERE {{ {self.guard} GRAPH {g} {{ {pattern} }} }}")

    def delete_record(self) -> None:
        """Remove the record; done last, because every operation before it is guarded by the record."""
        self.deletes_record = True

    def commit(self, store: Store) -> str:
        """Run every operation in one update; returns the new revision or raises StaleRevision.

        Every change records its audit activity (`self.activity`) under the same guard, so finding that activity
        afterwards proves this change applied, whatever other writers did since."""
        store.update(sparql_prefixes() + " ;\n".join(self.operations()))
        if not store.ask(f"ASK {{ GRAPH <{GRAPH_PROV}> {{ {q_iri(str(self.activity))} ?p ?o }} }}"):
            raise StaleRevision(self.slug)
        return self.new_rev

    def operations(self) -> list[str]:
        """The SPARQL Update operations of this change, ending with the new revision (or the record's removal)."""
        ops = list(self.ops)
        if self.deletes_record:
            pattern = f"GRAPH {SYS} {{ {self._s} ?p ?o }}"
            ops.append(f"DELETE {{ {pattern} }} WHERE {{ {self.guard} {pattern} }}")
        else:
            rev = sparql(SR.revisie)
            ops.append(
                f"DELETE {{ GRAPH {SYS} {{ {self._s} {rev} ?old }} }} "
                f"INSERT {{ GRAPH {SYS} {{ {self._s} {rev} {sparql(Literal(self.new_rev))} }} }} "
                f"WHERE {{ {self.guard} OPTIONAL {{ GRAPH {SYS} {{ {self._s} {rev} ?old }} }} }}"
            )
        return ops


def _term(term: Node, op: int) -> str:
    if isinstance(term, BNode):
        # blank node labels are scoped per operation: keep them apart between operations of one request
        return f"_:o{op}x" + "".join(c for c in str(term) if c.isalnum())
    return sparql(term)


def date_literal(stamp: str) -> Literal:
    """The day part of an ISO timestamp, as the xsd:date the register shows."""
    return Literal(stamp[:10], datatype=XSD.date)


def version_iri(slug: str, number: int) -> URIRef:
    return URIRef(f"{resource_iri('serie', slug)}/versie/{number}")


def record_values(state: State, org: str | None = None, **extra: Node | None) -> dict[URIRef, Node | None]:
    """Record properties for `Change.set_record`: the state, the holder and any of version/committee/dates."""
    names = {
        "version": SR.versienummer,
        "committee": SR.commissie,
        "created": DCTERMS.created,
        "modified": DCTERMS.modified,
        "approved": DCTERMS.dateAccepted,
        "remarks": SR.opmerking,
    }
    out: dict[URIRef, Node | None] = {SR.status: Literal(state.value)}
    if org is not None:
        out[SR.organisatie] = org_iri(org)
    for key, value in extra.items():
        out[names[key]] = value
    return out
