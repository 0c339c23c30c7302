"""What the portal's pages show around one resource, read from the graphs they are given (the public ones).

A resource's own description comes from `mdto.repository.describe`; this module answers the questions a page asks
about its neighbourhood: where a process sits in the hierarchy, which series derive from a template, which
other series come from the same template. Property paths come from the mapping table, never from literals here.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import URIRef

from mdto.mapping import register_mapping
from mdto.namespaces import MDTO, SKOS, SR
from mdto.store import Store
from mdto.terms import iri as q_iri

LIST_LIMIT = 200


def broader_chain(store: Store, concept: URIRef, graphs: Sequence[str]) -> list[URIRef]:
    """The concept's ancestors from the top down, ending with the concept itself (cycles are cut)."""
    rows = store.select(
        f"SELECT ?a ?b WHERE {{ {q_iri(concept)} {q_iri(SKOS.broader)}* ?a . ?a {q_iri(SKOS.broader)} ?b }}",
        default_graphs=graphs,
    )
    up: dict[URIRef, URIRef] = {}
    for r in rows:
        up.setdefault(URIRef(r["a"]), URIRef(r["b"]))
    chain = [concept]
    while chain[-1] in up and up[chain[-1]] not in chain:
        chain.append(up[chain[-1]])
    return chain[::-1]


def narrower(store: Store, concept: URIRef, graphs: Sequence[str]) -> list[URIRef]:
    """The concepts directly under this one, in notation order."""
    rows = store.select(
        f"SELECT ?n (SAMPLE(?code) AS ?c) WHERE {{ ?n {q_iri(SKOS.broader)} {q_iri(concept)} "
        f"OPTIONAL {{ ?n {q_iri(SKOS.notation)} ?code }} }} GROUP BY ?n ORDER BY ?c ?n LIMIT {LIST_LIMIT}",
        default_graphs=graphs,
    )
    return [URIRef(r["n"]) for r in rows]


def process_levels(store: Store, concepts: Sequence[URIRef], graphs: Sequence[str]) -> dict[URIRef, int]:
    """sr:procesniveau of each of these processes that has one."""
    if not concepts:
        return {}
    values = " ".join(q_iri(c) for c in concepts)
    rows = store.select(
        f"SELECT ?p ?l WHERE {{ VALUES ?p {{ {values} }} ?p {q_iri(SR.procesniveau)} ?l }}", default_graphs=graphs
    )
    out = {}
    for r in rows:
        try:
            out[URIRef(r["p"])] = int(str(r["l"]))
        except ValueError:
            continue
    return out


def _derivation_path() -> URIRef:
    """The property of the series field that points at a template series (`afgeleidVan` in the mapping)."""
    specs = [f for f in register_mapping().fields_for("serie") if f.type == "resource" and f.target == "serie"]
    return specs[0].path


def derived_series(store: Store, template: URIRef, graphs: Sequence[str]) -> list[URIRef]:
    """Series derived from this template series, by name."""
    rows = store.select(
        f"SELECT ?s WHERE {{ ?s {q_iri(_derivation_path())} {q_iri(template)} ; {q_iri(MDTO.naam)} ?n }} "
        f"ORDER BY LCASE(STR(?n)) ?s LIMIT {LIST_LIMIT}",
        default_graphs=graphs,
    )
    return [URIRef(r["s"]) for r in rows]


def sibling_series(store: Store, series: URIRef, graphs: Sequence[str]) -> list[URIRef]:
    """Other series derived from the same template(s) as this one, by name."""
    path = q_iri(_derivation_path())
    rows = store.select(
        f"SELECT DISTINCT ?s ?n WHERE {{ {q_iri(series)} {path} ?t . ?s {path} ?t ; {q_iri(MDTO.naam)} ?n "
        f"FILTER(?s != {q_iri(series)}) }} ORDER BY LCASE(STR(?n)) ?s LIMIT {LIST_LIMIT}",
        default_graphs=graphs,
    )
    return [URIRef(r["s"]) for r in rows]


def _reference_patterns(target: URIRef) -> list[tuple[str, str]]:
    """(field key, triple patterns from ?s to the target) for every series field that points at concepts, actors
    or processes; a process field also matches the target's narrower processes."""
    out = []
    for spec in register_mapping().fields_for("serie"):
        if spec.type not in ("concept", "actor", "process"):
            continue
        value = "?v" if spec.type == "process" else q_iri(target)
        if spec.group is None:
            pattern = f"?s {q_iri(spec.path)} {value} ."
        else:
            pattern = f"?s {q_iri(spec.group.path)} ?g . ?g {q_iri(spec.path)} {value} ."
        if spec.type == "process":
            pattern += f" ?v {q_iri(SKOS.broader)}* {q_iri(target)} ."
        out.append((spec.key, pattern))
    return out


def series_referring(
    store: Store, target: URIRef, graphs: Sequence[str], limit: int = LIST_LIMIT
) -> tuple[int, list[tuple[URIRef, set[str]]]]:
    """Series that point at this concept, actor or process (or a narrower process) through any field.

    Returns the number of such series and the first `limit` by name, each with the keys of the fields that point.
    """
    union = " UNION ".join(f'{{ {p} BIND("{key}" AS ?field) }}' for key, p in _reference_patterns(target))
    level = register_mapping().kinds["serie"].aggregatieniveau
    where = f"{union} ?s {q_iri(MDTO.aggregatieniveau)} {q_iri(level)} ; {q_iri(MDTO.naam)} ?n ."
    count = store.select(f"SELECT (COUNT(DISTINCT ?s) AS ?c) WHERE {{ {where} }}", default_graphs=graphs)
    total = int(str(count[0]["c"])) if count else 0
    rows = store.select(
        f"SELECT ?s (SAMPLE(?n) AS ?name) (GROUP_CONCAT(DISTINCT ?field) AS ?fields) WHERE {{ {where} }} "
        f"GROUP BY ?s ORDER BY LCASE(STR(?name)) ?s LIMIT {int(limit)}",
        default_graphs=graphs,
    )
    return total, [(URIRef(r["s"]), set(str(r["fields"]).split())) for r in rows]


def parts(store: Store, whole: URIRef, graphs: Sequence[str], limit: int = LIST_LIMIT) -> list[URIRef]:
    """The informatieobjecten that are part of this one (its dossiers, for a series), by name."""
    rows = store.select(
        f"SELECT ?d WHERE {{ ?d {q_iri(MDTO.isOnderdeelVan)} {q_iri(whole)} ; {q_iri(MDTO.naam)} ?n }} "
        f"ORDER BY LCASE(STR(?n)) ?d LIMIT {int(limit)}",
        default_graphs=graphs,
    )
    return [URIRef(r["d"]) for r in rows]


def descriptions(store: Store, iris: Sequence[str], graphs: Sequence[str]) -> dict[str, str]:
    """The description (the `omschrijving` field) of each of these resources that has one."""
    if not iris:
        return {}
    path = register_mapping().field("serie", "omschrijving").path
    values = " ".join(q_iri(i) for i in iris)
    rows = store.select(f"SELECT ?s ?d WHERE {{ VALUES ?s {{ {values} }} ?s {q_iri(path)} ?d }}", default_graphs=graphs)
    return {str(r["s"]): str(r["d"]) for r in rows}
