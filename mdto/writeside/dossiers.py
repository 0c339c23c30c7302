"""Dossiers and stukken of a series, guarded by the series' security groups (mdto/auth/groups.py).

They are kept in `graph:records/{series}`, which is not public: a group may see them only where the series grants
it "bekijken". The organisation's informatiebeheerders manage the security groups and may always do everything;
everyone else needs a group with the right ("aanmaken" to create, "wijzigen" to change, "bekijken" to read).
Without any right on a series the caller is told the dossier does not exist (404), as for any resource of
another organisation. Every write goes through the gate and is one guarded, audited change keyed on the
dossier's or stuk's own revision.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef

from mdto.auth.directory import Principal, get_organisation, tenant_actors
from mdto.auth.groups import CHANGE, CREATE, RIGHTS, groups_of, rules
from mdto.auth.policy import Action, Role
from mdto.model import Resource
from mdto.namespaces import GRAPH, GRAPH_PUBLISHED, MDTO, resource_iri, slugify, sparql_prefixes
from mdto.repository import describe
from mdto.store import Store
from mdto.terms import iri as q_iri
from mdto.writeside import audit, gate, service
from mdto.writeside.forms import check_references, keep_unmapped, resource_from_form
from mdto.writeside.problems import InputProblems, Problem
from mdto.writeside.records import NO_RECORD, Change, SeriesRecord, StaleRevision, read_record, revision_of


def records_graph(series: str) -> URIRef:
    return URIRef(GRAPH[f"records/{series}"])


def rights_of(store: Store, principal: Principal | None, series: str) -> tuple[SeriesRecord, set[str]]:
    if principal is None:
        raise service.Unauthenticated("this needs a bearer token (Authorization: Bearer ...)")
    rec = read_record(store, series)
    if rec is None:
        raise service.NotFound(f"no series {series!r}")
    if Role.INFORMATIEBEHEERDER in principal.roles_in(rec.org):
        return rec, set(RIGHTS)
    granted = rules(store, series)
    mine = groups_of(store, principal.user)
    return rec, {r for g in mine & set(granted) for r in granted[g]}


def require(store: Store, principal: Principal | None, series: str, right: str) -> SeriesRecord:
    rec, rights = rights_of(store, principal, series)
    if right in rights:
        return rec
    assert principal is not None
    if not rights and not service.may(principal, Action.VIEW, rec, False):
        raise service.NotFound(f"no series {series!r}")
    raise service.Forbidden(f"no security group of yours may {right} the dossiers and stukken of this series")


def _graphs(series: str) -> list[str]:
    return [str(records_graph(series)), str(GRAPH_PUBLISHED)]


def children(store: Store, series: str, parent: URIRef, kind: str) -> list[URIRef]:
    rows = store.select(
        sparql_prefixes()
        + f"SELECT DISTINCT ?x WHERE {{ ?x mdto:isOnderdeelVan {q_iri(str(parent))} ; mdto:aggregatieniveau "
        f"{q_iri(str(Resource.mapping().kinds[kind].aggregatieniveau))} }} ORDER BY ?x",
        default_graphs=_graphs(series),
    )
    return [URIRef(r["x"]) for r in rows]


def read(store: Store, series: str, iri: URIRef, parent: URIRef) -> Graph:
    g = describe(store, [iri], _graphs(series))
    if (iri, MDTO.isOnderdeelVan, parent) not in g:
        raise service.NotFound(f"no {iri} in this series")
    return g


def create(
    store: Store, principal: Principal | None, series: str, kind: str, parent: URIRef, body: Any
) -> tuple[URIRef, str]:
    rec = require(store, principal, series, CREATE)
    assert principal is not None
    if not isinstance(body, dict):
        raise InputProblems([Problem("(body)", f"expected a JSON object with the fields of a {kind}", "an object")])
    if body.get("isOnderdeelVan") not in (None, str(parent)):
        raise InputProblems([Problem("isOnderdeelVan", "is set by the URL", str(parent))])
    slug = str(body.get("identificatie") or slugify(str(body.get("naam") or "")))
    if not slug or slug != slugify(slug):
        raise InputProblems([Problem("identificatie", f"{slug!r} is not a valid id", slugify(slug) or "a name")])
    iri = resource_iri(kind, slug)
    if store.ask(f"ASK {{ {q_iri(str(iri))} ?p ?o }}", default_graphs=_graphs(series)) or revision_of(store, iri):
        raise service.Conflict(f"a {kind} with id {slug!r} exists already")
    res = resource_from_form(kind, {**body, "isOnderdeelVan": str(parent)}, slug)
    graph = _checked(store, rec, res)
    stamp = service.stamp_now()
    change = Change(series, NO_RECORD, subject=iri)
    change.insert(records_graph(series), graph)
    audit.record(change, principal, f"create-{kind}", stamp, rec.org, None, None,
                 changes=field_changes(None, graph, iri, kind))  # fmt: skip
    return iri, f'"{change.commit(store)}"'


def update(
    store: Store, principal: Principal | None, series: str, kind: str, iri: URIRef, parent: URIRef, body: Any,
    if_match: str | None,
) -> str:  # fmt: skip
    rec = require(store, principal, series, CHANGE)
    assert principal is not None
    old = read(store, series, iri, parent)
    rev = revision_of(store, iri)
    if rev is None:
        raise service.Conflict(f"{iri} is published demo data and read-only here")
    if not if_match:
        raise service.PreconditionRequired(f'send If-Match with the ETag of the {kind} (now "{rev}")')
    if f'"{rev}"' not in [t.strip().removeprefix("W/") for t in if_match.split(",")]:
        raise StaleRevision(series)
    slug = str(iri).rsplit("/", 1)[-1]
    if not isinstance(body, dict):
        raise InputProblems([Problem("(body)", f"expected a JSON object with the fields of a {kind}", "an object")])
    res = resource_from_form(kind, {**body, "isOnderdeelVan": str(parent)}, slug)
    graph = keep_unmapped(old, _checked(store, rec, res), iri)
    stamp = service.stamp_now()
    change = Change(series, rev, subject=iri)
    change.delete_description(records_graph(series), iri)
    change.insert(records_graph(series), graph)
    audit.record(change, principal, f"edit-{kind}", stamp, rec.org, None, None,
                 changes=field_changes(old, graph, iri, kind))  # fmt: skip
    return f'"{change.commit(store)}"'


def field_changes(old: Graph | None, new: Graph, iri: URIRef, kind: str) -> list[dict]:
    """The audit's field changes of a dossier or stuk (series use `diff_graphs`): set, changed and removed
    fields, with repeated values as lists."""
    before = Resource.from_graph(old, iri, kind).values() if old is not None else {}
    after = Resource.from_graph(new, iri, kind).values()
    return [
        {"field": k, "from": _text(before.get(k)), "to": _text(v)} for k, v in after.items() if before.get(k) != v
    ] + [{"field": k, "from": _text(v), "to": None} for k, v in before.items() if k not in after]


def _text(value: object) -> str | list[str] | None:
    if value is None:
        return None
    return [str(v) for v in value] if isinstance(value, list) else str(value)


def _checked(store: Store, rec: SeriesRecord, res: Resource) -> Graph:
    org = get_organisation(store, rec.org or "")
    check_references(store, res, tenant_actors(store, org) if org else None)
    graph = res.to_graph()
    gate.check(store, graph, res.iri, "mdto", [str(records_graph(rec.slug))])
    return graph


def etag(store: Store, iri: URIRef) -> str:
    return f'"{revision_of(store, iri) or NO_RECORD}"'
