"""Organisations (tenants), selection committees, users, their roles and API tokens, kept in `graph:system`.

An organisation is a tenant of the register. It acts for one actor of the reference data and, through
`org:subOrganizationOf`, for that actor's OCMW and autonomous municipal companies too (seed 000: a municipality's
tenant holds their series). A selection committee is an organisation with a scope (toepassingsgebied): series of
that scope are forwarded to it. Users hold roles per organisation (`org:Membership`). API tokens are random,
shown once, and kept only as a SHA-256 hash; a revoked token keeps its record with `sr:ingetrokken`.

graph:system is never part of a public dataset (mdto.refdata.public_graphs()).
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import secrets
from dataclasses import dataclass, field

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS, XSD

from mdto.auth.policy import Role
from mdto.namespaces import GRAPH_SYSTEM, ID, ORG, SR, resource_iri, slugify, sparql_prefixes
from mdto.refdata import reference_graphs
from mdto.store import Store
from mdto.terms import iri as q_iri
from mdto.terms import sparql

ORGANISATION, COMMITTEE = "organisatie", "selectiecommissie"
SYS = q_iri(str(GRAPH_SYSTEM))


class DirectoryError(ValueError):
    """A request the directory refuses (unknown organisation, duplicate, wrong role for the kind)."""


def org_iri(slug: str) -> URIRef:
    return URIRef(ID[f"organisatie/{slug}"])


def user_iri(slug: str) -> URIRef:
    return URIRef(ID[f"gebruiker/{slug}"])


def role_iri(role: Role) -> URIRef:
    return URIRef(ID[f"rol/{role.value}"])


def token_iri(token_id: str) -> URIRef:
    return URIRef(ID[f"token/{token_id}"])


def slug_of(iri: object, kind: str) -> str:
    return str(iri).removeprefix(str(ID[kind + "/"]))


@dataclass(frozen=True)
class Organisation:
    slug: str
    name: str
    kind: str  # ORGANISATION or COMMITTEE
    actor: URIRef
    scopes: tuple[URIRef, ...] = ()
    shortened_flow: bool = False

    @property
    def iri(self) -> URIRef:
        return org_iri(self.slug)

    @property
    def is_committee(self) -> bool:
        return self.kind == COMMITTEE


@dataclass(frozen=True)
class Principal:
    """Who is calling: a user with roles per organisation (from an API token or an OIDC token)."""

    user: str  # slug or OIDC subject
    name: str
    roles: dict[str, frozenset[Role]] = field(default_factory=dict)  # organisation slug -> roles
    platform_admin: bool = False

    def roles_in(self, org: str | None) -> frozenset[Role]:
        return self.roles.get(org or "", frozenset())


def operator_principal(store: Store) -> Principal:
    """Who the command line acts for: the machine's operator, who holds the store itself. They act as
    informatiebeheerder of every organisation (commissielid of every committee), so that a bulk import from the
    command line goes through the same drafts, rules and audit trail as one over HTTP."""
    try:
        who = getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        who = "onbekend"
    roles = {
        o.slug: frozenset({Role.COMMISSIELID if o.is_committee else Role.INFORMATIEBEHEERDER})
        for o in organisations(store)
    }
    return Principal("opdrachtregel", f"{who} (opdrachtregel)", roles)


# -- organisations ---------------------------------------------------------------------------------------------
def add_organisation(
    store: Store,
    slug: str,
    name: str,
    actor: str | None = None,
    kind: str = ORGANISATION,
    scopes: list[str] | None = None,
    shortened_flow: bool = False,
) -> Organisation:
    if slug != slugify(slug):
        raise DirectoryError(f"organisation id {slug!r}: use lowercase letters, digits and '-' (e.g. {slugify(slug)})")
    if get_organisation(store, slug) is not None:
        raise DirectoryError(f"organisation {slug!r} exists already")
    actor_ref = URIRef(actor) if actor and ":" in actor else resource_iri("actor", actor or slug)
    if not _known_actor(store, actor_ref):
        raise DirectoryError(f"actor {actor_ref} is not in the reference data (data/actoren.ttl); name an existing one")
    if kind == COMMITTEE and not scopes:
        raise DirectoryError("a selection committee needs at least one scope (toepassingsgebied), e.g. gemeenten")
    scope_refs = [URIRef(s) if ":" in s else URIRef(ID[f"begrip/toepassingsgebieden/{s}"]) for s in scopes or []]
    o = Organisation(slug, name, kind, actor_ref, tuple(scope_refs), shortened_flow)
    s = o.iri
    triples = [
        (s, RDF.type, ORG.Organization),
        (s, RDF.type, SR.Selectiecommissie if kind == COMMITTEE else SR.Tenant),
        (s, SKOS.prefLabel, Literal(name)),
        (s, SR.actor, actor_ref),
        (s, SR.verkorteFlow, Literal(shortened_flow)),
    ] + [(s, SR.toepassingsgebied, sc) for sc in scope_refs]
    store.update(f"INSERT DATA {{ GRAPH {SYS} {{ {_triples(triples)} }} }}")
    return o


def set_shortened_flow(store: Store, slug: str, allowed: bool) -> None:
    if get_organisation(store, slug) is None:
        raise DirectoryError(f"no organisation {slug!r}")
    s = q_iri(str(org_iri(slug)))
    store.update(
        sparql_prefixes()
        + f"DELETE {{ GRAPH {SYS} {{ {s} sr:verkorteFlow ?v }} }} INSERT {{ GRAPH {SYS} {{ {s} sr:verkorteFlow "
        f"{sparql(Literal(allowed))} }} }} WHERE {{ OPTIONAL {{ GRAPH {SYS} {{ {s} sr:verkorteFlow ?v }} }} }}"
    )


def organisations(store: Store, only: str | None = None) -> list[Organisation]:
    """Every organisation and committee, or only the one with slug `only`."""
    where = f"VALUES ?o {{ {q_iri(str(org_iri(only)))} }}" if only else ""
    rows = store.select(
        sparql_prefixes()
        + f"""SELECT ?o ?name ?actor ?committee ?short (GROUP_CONCAT(STR(?scope); separator=" ") AS ?scopes)
WHERE {{ {where} GRAPH {SYS} {{
  ?o a org:Organization ; skos:prefLabel ?name ; sr:actor ?actor ; sr:verkorteFlow ?short .
  BIND(EXISTS {{ ?o a sr:Selectiecommissie }} AS ?committee)
  OPTIONAL {{ ?o sr:toepassingsgebied ?scope }} }} }}
GROUP BY ?o ?name ?actor ?committee ?short ORDER BY ?o"""
    )
    return [
        Organisation(
            slug_of(r["o"], "organisatie"),
            str(r["name"]),
            COMMITTEE if r["committee"].toPython() else ORGANISATION,
            URIRef(r["actor"]),
            tuple(URIRef(x) for x in str(r.get("scopes", "")).split()),
            bool(r["short"].toPython()),
        )
        for r in rows
    ]


def get_organisation(store: Store, slug: str) -> Organisation | None:
    if slug != slugify(slug):
        return None
    found = organisations(store, only=slug)
    return found[0] if found else None


def committee_for_scopes(store: Store, scopes: list[URIRef]) -> Organisation | None:
    """The competent selection committee: the first whose scopes meet the series' toepassingsgebieden."""
    wanted = set(scopes)
    return next((o for o in organisations(store) if o.is_committee and wanted & set(o.scopes)), None)


def tenant_actors(store: Store, org: Organisation) -> set[URIRef]:
    """The organisation's actor and every actor that is (transitively) a sub-organisation of it."""
    rows = store.select(
        sparql_prefixes() + f"SELECT ?a WHERE {{ ?a org:subOrganizationOf+ {q_iri(str(org.actor))} }}",
        default_graphs=reference_graphs(),
    )
    return {org.actor} | {URIRef(r["a"]) for r in rows}


def organisation_of_actor(store: Store, actor: URIRef) -> Organisation | None:
    """The tenant that holds series of this actor (its own, or the parent's tenant for a sub-organisation)."""
    return next((o for o in organisations(store) if actor in tenant_actors(store, o)), None)


def _known_actor(store: Store, actor: URIRef) -> bool:
    return store.ask(
        sparql_prefixes() + f"ASK {{ {q_iri(str(actor))} a mdto:Actor }}", default_graphs=reference_graphs()
    )


# -- users and tokens -----------------------------------------------------------------------------------------
def add_user(store: Store, name: str, org: str | None, role: Role) -> tuple[str, str]:
    """Create the user if new, give them `role` in `org`, and issue an API token: returns (token id, token)."""
    slug = slugify(name)
    u = user_iri(slug)
    triples: list[tuple] = [(u, RDF.type, FOAF.Person), (u, FOAF.name, Literal(name))]
    if role == Role.PLATFORMBEHEERDER:
        triples.append((u, SR.platformbeheerder, Literal(True)))
    else:
        if not org:
            raise DirectoryError(f"role {role.value} needs --org (the organisation it applies to)")
        o = get_organisation(store, org)
        if o is None:
            known = ", ".join(x.slug for x in organisations(store)) or "none yet: `serieregister org add`"
            raise DirectoryError(f"no organisation {org!r}; known: {known}")
        if (role == Role.COMMISSIELID) != o.is_committee:
            raise DirectoryError(
                f"role {role.value} does not fit {o.kind} {org!r}: committee members belong to a selection "
                "committee, the other roles to an organisation"
            )
        m = URIRef(ID[f"lidmaatschap/{slug}/{org}/{role.value}"])
        triples += [
            (m, RDF.type, ORG.Membership),
            (m, ORG.member, u),
            (m, ORG.organization, o.iri),
            (m, ORG.role, role_iri(role)),
        ]
    token_id = secrets.token_hex(6)
    token = f"sr_{token_id}_{secrets.token_urlsafe(32)}"
    t = token_iri(token_id)
    triples += [
        (t, RDF.type, SR.ApiToken),
        (t, SR.gebruiker, u),
        (t, SR.tokenHash, Literal(hash_token(token))),
        (t, DCTERMS.created, Literal(now(), datatype=XSD.dateTime)),
    ]
    store.update(f"INSERT DATA {{ GRAPH {SYS} {{ {_triples(triples)} }} }}")
    return token_id, token


def revoke_token(store: Store, token_or_id: str) -> str:
    """Revoke by token id (as printed by `user add`) or by the token itself; returns the token id."""
    token_id = token_or_id.split("_")[1] if token_or_id.startswith("sr_") else token_or_id
    if not token_id.isalnum():
        raise DirectoryError(f"{token_or_id!r} is not a token id (12 hex digits) or a token (sr_...)")
    t = q_iri(str(token_iri(token_id)))
    if not store.ask(sparql_prefixes() + f"ASK {{ GRAPH {SYS} {{ {t} a sr:ApiToken }} }}"):
        raise DirectoryError(f"no token with id {token_id!r}")
    stamp = sparql(Literal(now(), datatype=XSD.dateTime))
    store.update(sparql_prefixes() + f"INSERT DATA {{ GRAPH {SYS} {{ {t} sr:ingetrokken {stamp} }} }}")
    return token_id


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def principal_for_token(store: Store, token: str) -> Principal | None:
    """The user a valid, unrevoked API token belongs to; None for an unknown or revoked token."""
    if not token.startswith("sr_") or len(token) > 200:
        return None
    rows = store.select(
        sparql_prefixes()
        + f"""SELECT ?u ?name ?admin ?org ?role WHERE {{ GRAPH {SYS} {{
  ?t sr:tokenHash {sparql(Literal(hash_token(token)))} ; sr:gebruiker ?u .
  FILTER NOT EXISTS {{ ?t sr:ingetrokken ?when }}
  ?u foaf:name ?name .
  OPTIONAL {{ ?u sr:platformbeheerder ?admin }}
  OPTIONAL {{ ?m org:member ?u ; org:organization ?org ; org:role ?role }} }} }}"""
    )
    if not rows:
        return None
    roles: dict[str, set[Role]] = {}
    for r in rows:
        if "org" in r:
            roles.setdefault(slug_of(r["org"], "organisatie"), set()).add(Role(slug_of(r["role"], "rol")))
    return Principal(
        slug_of(rows[0]["u"], "gebruiker"),
        str(rows[0]["name"]),
        {k: frozenset(v) for k, v in roles.items()},
        any(r.get("admin") is not None and r["admin"].toPython() is True for r in rows),
    )


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _triples(triples: list[tuple]) -> str:
    return " ".join(f"{sparql(s)} {sparql(p)} {sparql(o)} ." for s, p, o in triples)
