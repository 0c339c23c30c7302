"""Setting a series' security groups: which groups may create, change and view its dossiers and stukken.

Only the organisation's informatiebeheerders manage them (DESIGN.md §2). The rules live in graph:system and are
replaced in one guarded, audited change keyed on the series' revision.
"""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from mdto.auth.directory import SYS, Principal, get_organisation, org_iri, tenant_actors
from mdto.auth.groups import RIGHTS, group_iri, group_slug, rule_triples, rules
from mdto.auth.policy import Action, Role
from mdto.namespaces import GRAPH_PUBLISHED, GRAPH_SYSTEM, SR, resource_iri, sparql_prefixes
from mdto.store import Store
from mdto.terms import iri as q_iri
from mdto.terms import sparql
from mdto.writeside import audit, service
from mdto.writeside.problems import InputProblems, Problem
from mdto.writeside.records import Change, SeriesRecord, read_record


def listing(store: Store, series: str) -> dict[str, list[str]]:
    return {group_slug(g): sorted(r) for g, r in sorted(rules(store, series).items())}


def replace(store: Store, principal: Principal | None, series: str, if_match: str | None, body: Any) -> SeriesRecord:
    rec = service.load(store, principal, Action.VIEW, series, None)
    assert principal is not None
    if Role.INFORMATIEBEHEERDER not in principal.roles_in(rec.org):
        raise service.Forbidden("only the organisation's informatiebeheerders manage security groups")
    service.check_etag(rec, if_match)
    groups = body.get("groups") if isinstance(body, dict) else None
    if not isinstance(groups, dict):
        raise InputProblems([Problem("groups", "an object of group id -> rights", '{"groups": {"id": ["bekijken"]}}')])
    own = _groups_of_org(store, rec.org or "")
    problems = []
    for slug, rights in groups.items():
        if group_iri(str(slug)) not in own:
            problems.append(Problem(f"groups.{slug}", "not a security group of this organisation",
                                    sorted(group_slug(g) for g in own)))  # fmt: skip
        if not isinstance(rights, list) or not set(rights) <= set(RIGHTS):
            problems.append(Problem(f"groups.{slug}", f"{rights!r} are not rights", list(RIGHTS)))
    if problems:
        raise InputProblems(problems)
    before = listing(store, series)
    change = Change(series, rec.rev)
    s = sparql(resource_iri("serie", series))
    change.delete_where(GRAPH_SYSTEM, "?rule ?p ?o", f"?rule {sparql(SR.serie)} {s} ; ?p ?o")
    change.insert(GRAPH_SYSTEM, [t for slug, rights in groups.items() for t in rule_triples(series, slug, rights)])
    after = {slug: sorted(r) for slug, r in groups.items()}
    changes = [{"field": f"beveiligingsgroep:{g}", "from": before.get(g, []), "to": after.get(g, [])}
               for g in sorted(set(before) | set(after)) if before.get(g, []) != after.get(g, [])]  # fmt: skip
    audit.record(change, principal, "security-groups", service.stamp_now(), rec.org, rec.state.value,
                 rec.state.value, changes=changes)  # fmt: skip
    change.commit(store)
    new = read_record(store, series)
    assert new is not None
    return new


def _groups_of_org(store: Store, org: str) -> set[URIRef]:
    """Groups the organisation made, and published groups acting for one of its actors (the demo's)."""
    o = get_organisation(store, org)
    actors = " ".join(q_iri(str(a)) for a in tenant_actors(store, o)) if o else ""
    rows = store.select(
        sparql_prefixes()
        + f"""SELECT ?g WHERE {{
  {{ GRAPH {SYS} {{ ?g a sr:Beveiligingsgroep ; sr:organisatie {q_iri(str(org_iri(org)))} }} }}
  UNION {{ VALUES ?a {{ {actors} }}
          GRAPH <{GRAPH_PUBLISHED}> {{ ?g a sr:Beveiligingsgroep ; prov:actedOnBehalfOf ?a }} }}
}}"""
    )
    return {URIRef(r["g"]) for r in rows}
