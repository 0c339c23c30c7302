"""Security groups (beveiligingsgroepen): which groups of users may create, change and view the dossiers and
stukken of a series (seed 000, "Toegang").

A group belongs to an organisation (graph:system: `sr:Beveiligingsgroep`, `sr:organisatie`); users are members
(`sr:lidVan`). A series grants rights to groups with access rules in graph:system:

    id:toegang/{series}/{group} sr:serie id:serie/x ; sr:groep id:beveiligingsgroep/y ;
        sr:recht "aanmaken", "wijzigen", "bekijken" .

A group that a series' description names with `sr:beveiligingsgroep` but that has no rule there (the demo data)
has every right.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import PROV

from mdto.auth.directory import SYS, DirectoryError, get_organisation, org_iri, slug_of, user_iri
from mdto.namespaces import GRAPH_PUBLISHED, ID, SR, draft_graph, resource_iri, slugify, sparql_prefixes
from mdto.store import Store
from mdto.terms import iri as q_iri
from mdto.terms import sparql

CREATE, CHANGE, VIEW = "aanmaken", "wijzigen", "bekijken"
RIGHTS = (CREATE, CHANGE, VIEW)


def group_iri(slug: str) -> URIRef:
    return URIRef(ID[f"beveiligingsgroep/{slug}"])


def rule_iri(series: str, group: str) -> URIRef:
    return URIRef(ID[f"toegang/{series}/{group}"])


def add_group(store: Store, slug: str, name: str, org: str) -> URIRef:
    if slug != slugify(slug):
        raise DirectoryError(f"group id {slug!r}: use lowercase letters, digits and '-' (e.g. {slugify(slug)})")
    o = get_organisation(store, org)
    if o is None:
        raise DirectoryError(f"no organisation {org!r}")
    g = group_iri(slug)
    triples = [
        (g, RDF.type, SR.Beveiligingsgroep),
        (g, RDFS.label, Literal(name)),
        (g, SR.organisatie, org_iri(org)),
        (g, PROV.actedOnBehalfOf, o.actor),
    ]
    store.update(f"INSERT DATA {{ GRAPH {SYS} {{ {' '.join(_t(t) for t in triples)} }} }}")
    return g


def add_member(store: Store, group: str, user: str) -> None:
    g, u = q_iri(str(group_iri(group))), q_iri(str(user_iri(user)))
    if not store.ask(sparql_prefixes() + f"ASK {{ {{ GRAPH {SYS} {{ {g} a sr:Beveiligingsgroep }} }} UNION "
                     f"{{ GRAPH <{GRAPH_PUBLISHED}> {{ {g} a sr:Beveiligingsgroep }} }} }}"):  # fmt: skip
        raise DirectoryError(f"no security group {group!r}")
    if not store.ask(f"ASK {{ GRAPH {SYS} {{ {u} ?p ?o }} }}"):
        raise DirectoryError(f"no user {user!r}")
    store.update(sparql_prefixes() + f"INSERT DATA {{ GRAPH {SYS} {{ {u} sr:lidVan {g} }} }}")


def groups_of(store: Store, user: str) -> set[URIRef]:
    rows = store.select(
        sparql_prefixes() + f"SELECT ?g WHERE {{ GRAPH {SYS} {{ {q_iri(str(user_iri(user)))} sr:lidVan ?g }} }}"
    )
    return {URIRef(r["g"]) for r in rows}


def rules(store: Store, series: str) -> dict[URIRef, set[str]]:
    """Group -> rights on this series' dossiers and stukken."""
    s = q_iri(str(resource_iri("serie", series)))
    out: dict[URIRef, set[str]] = {}
    pattern = f"?rule sr:serie {s} ; sr:groep ?g . OPTIONAL {{ ?rule sr:recht ?right }}"
    for r in store.select(sparql_prefixes() + f"SELECT ?g ?right WHERE {{ GRAPH {SYS} {{ {pattern} }} }}"):
        out.setdefault(URIRef(r["g"]), set()).update({str(r["right"])} if "right" in r else set())
    for r in store.select(
        sparql_prefixes() + f"SELECT DISTINCT ?g WHERE {{ {s} sr:beveiligingsgroep ?g }}",
        default_graphs=[str(GRAPH_PUBLISHED), str(draft_graph(series))],
    ):
        out.setdefault(URIRef(r["g"]), set(RIGHTS))
    return out


def rule_triples(series: str, group: str, rights: list[str]) -> list[tuple]:
    r = rule_iri(series, group)
    return [(r, SR.serie, resource_iri("serie", series)), (r, SR.groep, group_iri(group))] + [
        (r, SR.recht, Literal(x)) for x in rights
    ]


def group_slug(iri: URIRef) -> str:
    return slug_of(iri, "beveiligingsgroep")


def _t(t: tuple) -> str:
    return " ".join(sparql(x) for x in t) + " ."
