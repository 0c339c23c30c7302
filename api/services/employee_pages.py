"""The models of the employee view ("medewerkersportaal", seed 000): the organisation's series in a simplified
list, drafts included, and one series with its workflow state; for an information manager also its versions,
the diff between them and its audit trail.

Who may see what is the write side's authorisation table (`mdto.writeside.service`); this module only asks it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, URIRef

from api.i18n import date, t, t_or
from api.services.page_common import Link, page_url
from api.services.series_page import Section, series_page
from mdto.auth.directory import Principal, get_organisation
from mdto.auth.policy import Action, State
from mdto.mapping import register_mapping
from mdto.namespaces import resource_iri
from mdto.organisation_series import organisation_series
from mdto.refdata import public_graphs
from mdto.repository import labels
from mdto.store import Store
from mdto.writeside import audit, service
from mdto.writeside.diff import diff_graphs
from mdto.writeside.records import organisation_is_shortened
from mdto.writeside.versions import list_versions

DRAFT, PUBLISHED = "draft", "published"


class BadState(ValueError):
    """A diff end that is not a version number, `draft` or `published`."""


@dataclass
class ListedSeries:
    link: Link
    state: str
    version: int


@dataclass
class OrganisationList:
    name: str
    roles: list[str]
    series: list[ListedSeries]


@dataclass
class VersionRow:
    number: int
    published: str
    diff_href: str | None  # the diff with the version before


@dataclass
class AuditRow:
    at: str
    who: str
    action: str
    states: str
    remarks: str | None
    fields: list[str]


@dataclass
class EmployeeSeries:
    slug: str
    title: str
    state: str
    version: int
    dates: list[tuple[str, str]]
    remarks: str | None
    public_href: str | None
    sections: list[Section]
    can_audit: bool
    versions: list[VersionRow] = field(default_factory=list)
    draft_diff_href: str | None = None
    audit: list[AuditRow] = field(default_factory=list)


@dataclass
class DiffRow:
    label: str
    old: list[str]
    new: list[str]


def state_label(state: State | str, lang: str) -> str:
    return t(f"state_{State(state).value}", lang)


def organisation_lists(store: Store, principal: Principal, lang: str) -> list[OrganisationList]:
    """Per organisation the caller has roles in: the series they may view, drafts included."""
    out = []
    for slug, roles in sorted(principal.roles.items()):
        org = get_organisation(store, slug)
        if org is None:
            continue
        shortened = organisation_is_shortened(store, slug)
        rows = [
            ListedSeries(
                Link(h.name, f"/medewerkers/serie/{h.record.slug}", str(h.record.iri)),
                state_label(h.record.state, lang),
                h.record.version,
            )
            for h in organisation_series(store, org)
            if service.may(principal, Action.VIEW, h.record, shortened)
        ]
        out.append(OrganisationList(org.name, sorted(t(f"role_{r.value}", lang) for r in roles), rows))
    return out


def employee_series(store: Store, principal: Principal, slug: str, lang: str) -> EmployeeSeries:
    """One series as its organisation sees it; raises the write side's NotFound when the caller may not see it."""
    rec, draft = service.view(store, principal, slug)
    iri = resource_iri("serie", slug)
    graph = draft if draft is not None else service.published_copy(store, slug)
    page = series_page(store, graph, iri, public_graphs(), lang, {})
    sections = [Section(s.key, s.title, _filled(s)) for s in page.sections if _filled(s)]
    dates = [
        (t(f"date_{key}", lang), value)
        for key, value in (("created", rec.created), ("modified", rec.modified), ("approved", rec.approved))
        if value
    ]
    can_audit = service.may(principal, Action.AUDIT, rec, organisation_is_shortened(store, rec.org))
    result = EmployeeSeries(
        slug=slug,
        title=page.title,
        state=state_label(rec.state, lang),
        version=rec.version,
        dates=[(label, date(value[:10])) for label, value in dates],
        remarks=rec.remarks,
        public_href=page_url(str(iri)) if rec.state in (State.PUBLISHED, State.WITHDRAWN) or rec.version else None,
        sections=sections,
        can_audit=can_audit,
    )
    if can_audit:
        versions = list_versions(store, slug)
        result.versions = [
            VersionRow(n, date(v["published"][:10]), _diff_href(slug, n - 1, n) if i else None)
            for i, v in enumerate(versions)
            for n in [v["version"]]
        ]
        if draft is not None and versions:
            result.draft_diff_href = _diff_href(slug, versions[-1]["version"], DRAFT)
        names = {s.key: s.label(lang) for s in register_mapping().fields_for("serie")}
        result.audit = [
            AuditRow(
                a["at"][:19].replace("T", " "),
                a["agent_name"] or a["agent"],
                t_or(f"action_{a['action']}", lang, a["action"]),
                " → ".join(state_label(s, lang) for s in (a["from_state"], a["to_state"]) if s in _STATES),
                a["remarks"],
                [names.get(c["field"], c["field"]) for c in a["changes"]],
            )
            for a in audit.trail(store, series=iri)
        ]
    return result


def _filled(section: Section) -> list[Any]:
    """The groups of a section with only the rows that have a value (the simplified view)."""
    out = []
    for g in section.groups:
        rows = [r for r in g.rows if r.values]
        if rows:
            out.append(type(g)(g.key, g.title, rows))
    return out


def _diff_href(slug: str, old: int | str, new: int | str) -> str:
    return f"/medewerkers/serie/{slug}/diff?van={old}&naar={new}"


def state_graph(store: Store, principal: Principal, slug: str, which: str) -> Graph:
    """A diff end: `draft` (the caller must be allowed to see it), `published`, or a version number."""
    if which == DRAFT:
        _, graph = service.view(store, principal, slug)
        if graph is None:
            raise service.NotFound(f"series {slug!r} has no working copy")
        return graph
    if which == PUBLISHED:
        return service.published_copy(store, slug)
    if not which.isdigit():
        raise BadState(f"{which!r} is not a version; use a version number, {DRAFT} or {PUBLISHED}")
    graph = service.version_copy(store, slug, int(which))
    if len(graph) == 0:
        raise service.NotFound(f"series {slug!r} has no version {which}")
    return graph


def diff_rows(store: Store, principal: Principal, slug: str, old: str, new: str, lang: str) -> list[DiffRow]:
    """The fields that differ between two states of a series, values with their labels. Information managers only."""
    rec = service.load(store, principal, Action.VIEW, slug, None)
    service.authorise(store, principal, Action.AUDIT, rec, slug)
    iri = resource_iri("serie", slug)
    changes = diff_graphs(state_graph(store, principal, slug, old), state_graph(store, principal, slug, new), iri)
    shown = labels(store, [URIRef(v) for c in changes for v in _values(c["from"]) + _values(c["to"]) if "://" in v],
                   public_graphs(), lang)  # fmt: skip

    def words(values: Sequence[str]) -> list[str]:
        return [shown.get(URIRef(v), v) if "://" in v else v for v in values]

    return [
        DiffRow(c["label_en"] if lang == "en" else c["label_nl"], words(_values(c["from"])), words(_values(c["to"])))
        for c in changes
    ]


def _values(value: Any) -> list[str]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [str(value)]


_STATES = {s.value for s in State}
