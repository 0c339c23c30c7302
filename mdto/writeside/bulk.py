"""Many series, dossiers and stukken written at once, each the way the write side writes one (spreadsheet imports).

A row becomes the change a person would make by hand:

- a new series becomes a draft of the importing organisation (`create`);
- a changed draft is edited (`edit`);
- a changed published series gets a new draft version (`new-version`); its published description stays as it
  is until that draft goes through the workflow and is published;
- a new or changed dossier or stuk goes to the records graph of its series (`create-dossier`, `edit-stuk`, ...).

Each change is authorised by the same table as the single-resource endpoints (mdto/auth/policy.py, and the
security groups for dossiers and stukken) and audited as its own activity. `Batch` sends them all in one update
that applies only if no series, dossier or stuk changed since the import read them: all or nothing.
"""

from __future__ import annotations

import dataclasses
import secrets

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from mdto.auth.directory import Organisation, Principal
from mdto.auth.groups import CHANGE, CREATE
from mdto.auth.policy import Action, Role, State
from mdto.namespaces import GRAPH_PROV, ID, SR, draft_graph, resource_iri, sparql_prefixes
from mdto.store import Store
from mdto.terms import iri as q_iri
from mdto.terms import sparql
from mdto.writeside import audit, service
from mdto.writeside.diff import diff_graphs
from mdto.writeside.dossiers import records_graph, rights_of
from mdto.writeside.records import (
    NO_RECORD,
    SYS,
    Change,
    SeriesRecord,
    StaleRevision,
    date_literal,
    record_values,
    revisions_of,
)

STATE_NL = {
    State.DRAFT: "een concept",
    State.SUBMITTED: "ingediend",
    State.FORWARDED: "voorgelegd aan de selectiecommissie",
    State.APPROVED: "goedgekeurd door de selectiecommissie",
    State.PUBLISHED: "gepubliceerd",
    State.WITHDRAWN: "ingetrokken",
}


class Batch:
    """Changes that apply together or not at all.

    The first operation of the update claims a key in graph:system, but only when every resource still has the
    revision the import read (one check of all of them); every later operation is guarded by that key, and the
    last one removes it. So one stale revision anywhere stops the whole update, and a partly written import
    cannot happen, on the embedded store and on a SPARQL server alike (an update request is one transaction)."""

    def __init__(self) -> None:
        self.key = q_iri(str(ID[f"import/{secrets.token_hex(8)}"]))
        self.guard = f'GRAPH {SYS} {{ {self.key} {sparql(SR.revisie)} "import" }}'
        self.changes: list[Change] = []

    def change(self, slug: str, expected: str, subject: URIRef | None = None) -> Change:
        c = Change(slug, expected, subject, guard=self.guard)
        self.changes.append(c)
        return c

    def commit(self, store: Store) -> None:
        if not self.changes:
            return
        ops = [self._claim(), *(op for c in self.changes for op in c.operations())]
        ops.append(f'DELETE DATA {{ GRAPH {SYS} {{ {self.key} {sparql(SR.revisie)} "import" }} }}')
        store.update(sparql_prefixes() + " ;\n".join(ops))
        first = self.changes[0]
        if not store.ask(f"ASK {{ GRAPH <{GRAPH_PROV}> {{ {q_iri(str(first.activity))} ?p ?o }} }}"):
            raise StaleRevision(", ".join(self._stale(store)) or first.slug)

    def _stale(self, store: Store) -> list[str]:
        """The series whose records (or dossiers and stukken) moved on since they were read, for the message."""
        current = revisions_of(store, [c.subject for c in self.changes])
        slugs = [c.slug for c in self.changes if current.get(c.subject, NO_RECORD) != c.expected]
        return list(dict.fromkeys(slugs))

    def _claim(self) -> str:
        rev = sparql(SR.revisie)
        expected = " ".join(f"({q_iri(str(c.subject))} {sparql(Literal(c.expected))})" for c in self.changes)
        recorded = " ".join(q_iri(str(c.subject)) for c in self.changes if c.expected != NO_RECORD)
        # a revision other than the one read (NO_RECORD is "0", which no real revision is), or a record gone
        checks = [
            f"FILTER NOT EXISTS {{ VALUES (?s ?expected) {{ {expected} }} GRAPH {SYS} {{ ?s {rev} ?current }} "
            f"FILTER(?current != ?expected) }}"
        ]
        if recorded:
            checks.append(
                f"FILTER NOT EXISTS {{ VALUES ?s {{ {recorded} }} "
                f"FILTER NOT EXISTS {{ GRAPH {SYS} {{ ?s {rev} ?any }} }} }}"
            )
        return f"INSERT {{ {self.guard} }} WHERE {{ {' '.join(checks)} }}"


# -- who may ---------------------------------------------------------------------------------------------------
def series_refusal(store: Store, principal: Principal, rec: SeriesRecord) -> str | None:
    """Why the caller may not change this series through an import (None: they may). A draft is edited; a
    published series gets a new version, which the caller must then be allowed to edit."""
    if rec.org is None:
        return (
            "geen organisatie houdt deze serie bij; registreer eerst de organisatie van haar bewaargever "
            "(serieregister org add)"
        )
    shortened = service.organisation_is_shortened(store, rec.org)
    if not service.may(principal, Action.VIEW, rec, shortened):
        return f"de serie '{rec.slug}' hoort bij een andere organisatie; u kunt ze niet wijzigen"
    if rec.state == State.PUBLISHED:
        as_draft = dataclasses.replace(rec, state=State.DRAFT)
        if service.may(principal, Action.NEW_VERSION, rec, shortened) and service.may(
            principal, Action.EDIT, as_draft, shortened
        ):
            return None
        return f"uw rollen laten niet toe een nieuwe versie van deze serie te maken ({_roles(principal, rec)})"
    if rec.state == State.WITHDRAWN:
        return "de serie is ingetrokken; een ingetrokken serie krijgt geen nieuwe versie"
    if rec.state != State.DRAFT:
        return (
            f"de serie is {STATE_NL[rec.state]}; ze kan pas weer gewijzigd worden als ze teruggestuurd of "
            "afgekeurd is, of na publicatie als nieuwe versie"
        )
    if service.may(principal, Action.EDIT, rec, shortened):
        return None
    return f"uw rollen laten niet toe dit concept te wijzigen ({_roles(principal, rec)})"


def record_refusal(store: Store, principal: Principal, series: str, creating: bool) -> str | None:
    """Why the caller may not create (or change) a dossier or stuk of this registered series."""
    try:
        _, rights = rights_of(store, principal, series)
    except service.NotFound:
        return f"de serie '{series}' is niet gekend"
    if (CREATE if creating else CHANGE) in rights:
        return None
    what = "toevoegen aan" if creating else "wijzigen in"
    return f"geen beveiligingsgroep van u mag dossiers en stukken {what} de serie '{series}'"


def new_series_record_refusal(principal: Principal, org: str) -> str | None:
    """A series that is new in the import has no security groups yet: only its organisation's
    informatiebeheerders may give it dossiers and stukken in the same import."""
    if Role.INFORMATIEBEHEERDER in principal.roles_in(org):
        return None
    return (
        "dossiers en stukken van een nieuwe serie kan alleen een informatiebeheerder van haar organisatie mee "
        "importeren; importeer eerst de serie, en de dossiers na het instellen van de beveiligingsgroepen"
    )


def _roles(principal: Principal, rec: SeriesRecord) -> str:
    roles = sorted(r.value for r in principal.roles_in(rec.org))
    return f"uw rollen in {rec.org}: {', '.join(roles)}" if roles else f"u hebt geen rol in {rec.org}"


# -- the changes -----------------------------------------------------------------------------------------------
def create_series(
    batch: Batch, principal: Principal, org: Organisation, slug: str, graph: Graph, stamp: str, remark: str
) -> None:
    """A new series: a draft held by `org` (a committee's series is a template series, as with POST /series)."""
    iri = resource_iri("serie", slug)
    if org.is_committee:
        graph.add((iri, RDF.type, SR.Sjabloonserie))
    change = batch.change(slug, NO_RECORD)
    change.insert(draft_graph(slug), graph)
    day = date_literal(stamp)
    change.set_record(record_values(State.DRAFT, org.slug, created=day, modified=day))
    audit.record(change, principal, "create", stamp, org.slug, None, State.DRAFT.value,
                 changes=diff_graphs(None, graph, iri), remarks=remark)  # fmt: skip


def edit_series(
    batch: Batch, store: Store, principal: Principal, rec: SeriesRecord, old: Graph, new: Graph, stamp: str,
    remark: str,
) -> None:  # fmt: skip
    """A changed series: its draft replaced, or for a published series a new draft version."""
    change = batch.change(rec.slug, rec.rev)
    changes = diff_graphs(old, new, rec.iri)
    if rec.state == State.PUBLISHED:
        extra = service.start_new_version(change, store, rec, stamp, new)
        change.set_record(record_values(State.DRAFT, rec.org if rec.rev == NO_RECORD else None, **extra))
        audit.record(change, principal, Action.NEW_VERSION.value, stamp, rec.org, rec.state.value,
                     State.DRAFT.value, remarks=remark, changes=changes)  # fmt: skip
        return
    change.clear(draft_graph(rec.slug))
    change.insert(draft_graph(rec.slug), new)
    change.set_record({DCTERMS.modified: date_literal(stamp)})
    audit.record(change, principal, Action.EDIT.value, stamp, rec.org, rec.state.value, rec.state.value,
                 remarks=remark, changes=changes)  # fmt: skip


def write_record_resource(
    batch: Batch, principal: Principal, series: str, org: str | None, kind: str, iri: URIRef, revision: str | None,
    new: Graph, changes: list[dict], stamp: str, remark: str,
) -> None:  # fmt: skip
    """A new or changed dossier or stuk in the records graph of its series, under its own revision."""
    change = batch.change(series, revision or NO_RECORD, subject=iri)
    if revision is not None:
        change.delete_description(records_graph(series), iri)
    change.insert(records_graph(series), new)
    action = f"{'edit' if revision is not None else 'create'}-{kind}"
    audit.record(change, principal, action, stamp, org, None, None, remarks=remark, changes=changes)
