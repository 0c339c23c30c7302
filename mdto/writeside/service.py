"""What the write-side endpoints mean: authorise, validate, and apply one guarded change per request.

Order of checks, the same for every operation: who is calling (401), may they see the series (404, so that a
series of another organisation does not leak), may they do this (403; 409 when nobody may in this state), does
If-Match name the current revision (428/412), is the input valid (422). Only then is anything written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from mdto.auth.directory import (
    Organisation,
    Principal,
    committee_for_scopes,
    get_organisation,
    tenant_actors,
)
from mdto.auth.policy import Action, Role, State, allowed, possible_in
from mdto.model import Serie
from mdto.namespaces import GRAPH_PUBLISHED, SR, draft_graph, resource_iri, slugify, version_graph
from mdto.repository import describe
from mdto.store import Store
from mdto.terms import sparql
from mdto.writeside import audit, gate
from mdto.writeside.diff import diff_graphs
from mdto.writeside.forms import check_references, description_of
from mdto.writeside.problems import InputProblems, Problem
from mdto.writeside.records import (
    NO_RECORD,
    Change,
    SeriesRecord,
    StaleRevision,
    date_literal,
    organisation_is_shortened,
    read_record,
    record_values,
    series_exists_anywhere,
    version_iri,
)

# Properties the workflow writes on a published description; a new draft starts without them.
WORKFLOW_PROPS = (
    DCTERMS.created,
    DCTERMS.modified,
    DCTERMS.issued,
    DCTERMS.dateAccepted,
    SR.versienummer,
    SR.publicatiestatus,
    SR.ingetrokkenOp,
)


class Unauthenticated(PermissionError):
    pass


class NotFound(LookupError):
    pass


class Forbidden(PermissionError):
    pass


class Conflict(RuntimeError):
    pass


class PreconditionRequired(RuntimeError):
    pass


def stamp_now() -> str:
    """An xsd:dateTime with microseconds, so that the audit trail orders events within one second."""
    return dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")


# -- authorisation ---------------------------------------------------------------------------------------------
def caller_roles(principal: Principal, rec: SeriesRecord) -> list[tuple[Role, bool]]:
    """(role, own) pairs under which the caller meets this series."""
    out: list[tuple[Role, bool]] = []
    for org, roles in principal.roles.items():
        own = org == rec.org or (rec.state == State.FORWARDED and org == rec.committee)
        out += [(r, own) for r in roles]
    if principal.platform_admin:
        out.append((Role.PLATFORMBEHEERDER, False))
    return out


def may(principal: Principal, action: Action, rec: SeriesRecord, shortened: bool) -> bool:
    return any(allowed(r, action, rec.state, own, shortened) for r, own in caller_roles(principal, rec))


def authorise(store: Store, principal: Principal | None, action: Action, rec: SeriesRecord | None, slug: str) -> None:
    if principal is None:
        raise Unauthenticated("this needs a bearer token (Authorization: Bearer ...)")
    if rec is None:
        raise NotFound(f"no series {slug!r}")
    shortened = organisation_is_shortened(store, rec.org)
    if may(principal, action, rec, shortened):
        return
    if not may(principal, Action.VIEW, rec, shortened):
        raise NotFound(f"no series {slug!r}")
    if not possible_in(action, rec.state):
        raise Conflict(f"{action.value} is not possible while the series is {rec.state.value}")
    raise Forbidden(f"your roles do not allow {action.value} on this series while it is {rec.state.value}")


def check_etag(rec: SeriesRecord, if_match: str | None) -> None:
    if not if_match:
        raise PreconditionRequired(f"send If-Match with the ETag of the series (now {rec.etag})")
    tags = [t.strip().removeprefix("W/") for t in if_match.split(",")]
    if rec.etag not in tags:
        raise StaleRevision(rec.slug)


def load(store: Store, principal: Principal | None, action: Action, slug: str, if_match: str | None) -> SeriesRecord:
    rec = read_record(store, slug)
    authorise(store, principal, action, rec, slug)
    assert rec is not None
    if action != Action.VIEW:
        check_etag(rec, if_match)
    return rec


# -- reading ---------------------------------------------------------------------------------------------------
def working_copy(store: Store, slug: str) -> Graph:
    return describe(store, [resource_iri("serie", slug)], [str(draft_graph(slug))])


def published_copy(store: Store, slug: str) -> Graph:
    return describe(store, [resource_iri("serie", slug)], [str(GRAPH_PUBLISHED)])


def version_copy(store: Store, slug: str, number: int) -> Graph:
    return describe(store, [resource_iri("serie", slug)], [str(version_graph(slug, number))])


def view(store: Store, principal: Principal | None, slug: str) -> tuple[SeriesRecord, Graph | None]:
    """The workflow record and, when there is one, the working copy."""
    rec = load(store, principal, Action.VIEW, slug, None)
    return rec, working_copy(store, slug) if rec.has_working_copy else None


def allowed_actions(store: Store, principal: Principal, rec: SeriesRecord) -> list[str]:
    shortened = organisation_is_shortened(store, rec.org)
    return [a.value for a in Action if a not in (Action.CREATE, Action.VIEW) and may(principal, a, rec, shortened)]


# -- authoring -------------------------------------------------------------------------------------------------
def creatable_organisations(principal: Principal) -> list[str]:
    """The organisations for which the caller may create series."""
    return [o for o, roles in principal.roles.items() if any(allowed(r, Action.CREATE, State.NEW, True) for r in roles)]


def organisation_for_create(store: Store, principal: Principal | None, org: str | None) -> Organisation:
    if principal is None:
        raise Unauthenticated("this needs a bearer token (Authorization: Bearer ...)")
    candidates = creatable_organisations(principal)
    if org is None:
        if len(candidates) != 1:
            raise InputProblems([Problem("organisation", "say which organisation the series belongs to", candidates)])
        org = candidates[0]
    if org not in candidates:
        raise Forbidden(f"your roles do not allow creating series for organisation {org!r}")
    found = get_organisation(store, org)
    if found is None:
        raise NotFound(f"no organisation {org!r}")
    return found


def prepare(store: Store, org: Organisation, graph: Graph, iri: URIRef) -> Graph:
    """Check references and the mdto profile; mark a committee's series as a template series."""
    serie = Serie.from_graph(graph, iri)
    check_references(store, serie, tenant_actors(store, org))
    if org.is_committee:
        graph.add((iri, RDF.type, SR.Sjabloonserie))
    gate.check(store, graph, iri, "mdto")
    return graph


def create(
    store: Store, principal: Principal | None, graph: Graph, slug: str, org_slug: str | None,
    remark: str | None = None,
) -> SeriesRecord:  # fmt: skip
    org = organisation_for_create(store, principal, org_slug)
    assert principal is not None
    iri = resource_iri("serie", slug)
    if series_exists_anywhere(store, slug):
        raise Conflict(f"a series with id {slug!r} exists already; choose another identificatie")
    graph = prepare(store, org, graph, iri)
    stamp = stamp_now()
    change = Change(slug, NO_RECORD)
    change.insert(draft_graph(slug), graph)
    day = date_literal(stamp)
    change.set_record(record_values(State.DRAFT, org.slug, created=day, modified=day))
    audit.record(change, principal, "create", stamp, org.slug, None, State.DRAFT.value,
                 changes=diff_graphs(None, graph, iri), remarks=remark)  # fmt: skip
    try:
        change.commit(store)
    except StaleRevision:
        raise Conflict(f"a series with id {slug!r} was created at the same moment; choose another") from None
    rec = read_record(store, slug)
    assert rec is not None
    return rec


def replace(
    store: Store, principal: Principal | None, slug: str, if_match: str | None,
    build: Callable[[Graph], Graph], action: str = "edit",
) -> SeriesRecord:  # fmt: skip
    """PUT, PATCH and adopting template changes: `build` turns the current working copy into the new one."""
    rec = load(store, principal, Action.EDIT, slug, if_match)
    assert principal is not None
    org = get_organisation(store, rec.org or "")
    if org is None:
        raise NotFound(f"no series {slug!r}")
    iri = rec.iri
    old = working_copy(store, slug)
    new = prepare(store, org, build(old), iri)
    changes = diff_graphs(old, new, iri)
    stamp = stamp_now()
    change = Change(slug, rec.rev)
    change.clear(draft_graph(slug))
    change.insert(draft_graph(slug), new)
    change.set_record({DCTERMS.modified: date_literal(stamp)})
    audit.record(change, principal, action, stamp, rec.org, rec.state.value, rec.state.value, changes=changes)
    change.commit(store)
    return _reread(store, slug)


def delete(store: Store, principal: Principal | None, slug: str, if_match: str | None) -> str:
    """Remove a never-published draft (and its record); for a new version, discard the draft only."""
    rec = load(store, principal, Action.DELETE, slug, if_match)
    assert principal is not None
    change = Change(slug, rec.rev)
    change.clear(draft_graph(slug))
    stamp = stamp_now()
    if rec.version == 0:
        change.delete_record()
        audit.record(change, principal, "delete", stamp, rec.org, rec.state.value, None)
        result = "deleted"
    else:
        change.set_record(record_values(State.PUBLISHED, modified=None, approved=None, remarks=None))
        audit.record(change, principal, "discard", stamp, rec.org, rec.state.value, State.PUBLISHED.value)
        result = "discarded"
    change.commit(store)
    return result


def _reread(store: Store, slug: str) -> SeriesRecord:
    rec = read_record(store, slug)
    assert rec is not None
    return rec


# -- workflow --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    """A workflow step: the state it leads to and whether it needs remarks (a motivation)."""

    to: State
    needs_remarks: bool = False
    register_profile: bool = False


STEPS: dict[Action, Step] = {
    Action.SUBMIT: Step(State.SUBMITTED, register_profile=True),
    Action.RETURN: Step(State.DRAFT, needs_remarks=True),
    Action.FORWARD: Step(State.FORWARDED, register_profile=True),
    Action.APPROVE: Step(State.APPROVED),
    Action.REJECT: Step(State.DRAFT, needs_remarks=True),
    Action.PUBLISH: Step(State.PUBLISHED, register_profile=True),
    Action.WITHDRAW: Step(State.WITHDRAWN),
    Action.NEW_VERSION: Step(State.DRAFT),
}


def transition(
    store: Store, principal: Principal | None, slug: str, action: Action, if_match: str | None,
    remarks: str | None = None,
) -> SeriesRecord:  # fmt: skip
    rec = load(store, principal, action, slug, if_match)
    assert principal is not None
    step = STEPS[action]
    remarks = (remarks or "").strip() or None
    if step.needs_remarks and not remarks:
        raise InputProblems([Problem("remarks", f"{action.value} needs remarks that say why", "a non-empty text")])
    iri = rec.iri
    draft = working_copy(store, slug) if rec.has_working_copy else None
    if step.register_profile and draft is not None:
        gate.check(store, draft, iri, "register")
    stamp = stamp_now()
    day = date_literal(stamp)
    change = Change(slug, rec.rev)
    generated = None
    extra: dict[str, Any] = {"remarks": Literal(remarks) if remarks else None}
    if action == Action.FORWARD:
        assert draft is not None
        committee = committee_for_scopes(store, Serie.from_graph(draft, iri).toepassingsgebied)
        if committee is None:
            scope = "a scope of a registered committee (serieregister org add --committee)"
            raise InputProblems([Problem("toepassingsgebied", "no selection committee is competent for it", scope)])
        extra["committee"] = committee.iri
    elif action in (Action.APPROVE, Action.REJECT):
        extra["committee"] = None
        if action == Action.APPROVE:
            extra["approved"] = day
    elif action == Action.PUBLISH:
        assert draft is not None
        generated = _publish(change, store, rec, draft, stamp)
        extra |= {"version": Literal(rec.version + 1), "committee": None}
    elif action == Action.WITHDRAW:
        status = f"{sparql(iri)} {sparql(SR.publicatiestatus)} ?status"
        change.delete_where(GRAPH_PUBLISHED, status, status)
        change.insert(GRAPH_PUBLISHED, [(iri, SR.publicatiestatus, SR.Ingetrokken), (iri, SR.ingetrokkenOp, day)])
    elif action == Action.NEW_VERSION:
        extra |= start_new_version(change, store, rec, stamp)
    change.set_record(record_values(step.to, rec.org if rec.rev == NO_RECORD else None, **extra))
    audit.record(change, principal, action.value, stamp, rec.org, rec.state.value, step.to.value, remarks=remarks,
                 generated=generated)  # fmt: skip
    change.commit(store)
    return _reread(store, slug)


def published_description(draft: Graph, iri: URIRef, rec: SeriesRecord, stamp: str, number: int) -> Graph:
    """The draft with the dates and version number the register shows."""
    g = Graph()
    for t in draft:
        if t[1] not in WORKFLOW_PROPS:
            g.add(t)
    day = date_literal(stamp)
    g.add((iri, DCTERMS.created, date_literal(rec.created or stamp)))
    g.add((iri, DCTERMS.modified, date_literal(rec.modified or stamp)))
    g.add((iri, DCTERMS.issued, day))
    if rec.approved:
        g.add((iri, DCTERMS.dateAccepted, date_literal(rec.approved)))
    g.add((iri, SR.versienummer, Literal(number)))
    g.add((iri, SR.publicatiestatus, SR.Gepubliceerd))
    return g


def version_metadata(slug: str, number: int, stamp: str) -> list[tuple]:
    """The version as a PROV entity of its own; `stamp` is a timestamp, or a date for data from before the
    workflow (the demo's dcterms:issued)."""
    v = version_iri(slug, number)
    return [
        (v, RDF.type, PROV.Entity),
        (v, DCTERMS.isVersionOf, resource_iri("serie", slug)),
        (v, SR.versienummer, Literal(number)),
        (v, DCTERMS.issued, Literal(stamp, datatype=XSD.date if len(stamp) == 10 else XSD.dateTime)),
    ]


def _publish(change: Change, store: Store, rec: SeriesRecord, draft: Graph, stamp: str) -> URIRef:
    number = rec.version + 1
    iri = rec.iri
    if len(version_copy(store, rec.slug, number)):
        raise Conflict(f"version {number} of {rec.slug!r} exists already and never changes")
    desc = published_description(draft, iri, rec, stamp, number)
    change.insert_new_graph(version_graph(rec.slug, number), [*desc, *version_metadata(rec.slug, number, stamp)])
    change.delete_description(GRAPH_PUBLISHED, iri)
    change.insert(GRAPH_PUBLISHED, desc)
    change.clear(draft_graph(rec.slug))
    return version_iri(rec.slug, number)


def start_new_version(
    change: Change, store: Store, rec: SeriesRecord, stamp: str, draft: Graph | None = None
) -> dict[str, Any]:
    """A new draft from the published description (or `draft`, a changed copy of it: a bulk import); a series
    published without the workflow first gets its current description kept as version 1, so that nothing
    published is ever lost. Returns the record values to set."""
    published = published_copy(store, rec.slug)
    iri = rec.iri
    extra: dict[str, Any] = {"modified": date_literal(stamp)}
    if rec.version == 0:
        issued = published.value(iri, DCTERMS.issued)
        snapshot = [*published, *version_metadata(rec.slug, 1, str(issued or stamp))]
        change.insert_new_graph(version_graph(rec.slug, 1), snapshot)
        extra |= {"version": Literal(1), "created": date_literal(str(issued or stamp))}
    copy = Graph()
    for t in description_of(published if draft is None else draft, iri):
        if t[1] not in WORKFLOW_PROPS:
            copy.add(t)
    change.insert(draft_graph(rec.slug), copy)
    extra |= {"approved": None}
    return extra


def new_slug(naam: str | None, identificatie: str | None) -> str:
    if identificatie:
        slug = str(identificatie)
        if slug != slugify(slug):
            raise InputProblems([Problem("identificatie", f"{slug!r} is not a valid id", slugify(slug))])
        return slug
    if not naam:
        raise InputProblems([Problem("naam", "required (the id is made from it)", "a non-empty text")])
    return slugify(str(naam))[:80].strip("-")
