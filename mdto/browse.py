"""What the portal's pages show around one resource, read from the graphs they are given (the public ones).

A resource's own description comes from `mdto.repository.describe`; this module answers the questions a page asks
about its neighbourhood: where a process sits in the hierarchy, which series derive from a template, which
other series come from the same template. Property paths come from the mapping table, never from literals here.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Literal, URIRef

from mdto.mapping import FieldSpec, register_mapping
from mdto.namespaces import MDTO, SKOS, SR, resource_iri
from mdto.store import Store
from mdto.terms import iri as q_iri
from mdto.terms import sparql

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


def referring_fields(kind: str, scheme: str | None = None) -> list[FieldSpec]:
    """The series fields that can point at an `actor`, a `process`, or a `concept` of `scheme`."""
    return [
        f
        for f in register_mapping().fields_for("serie")
        if f.type == kind and (kind != "concept" or (scheme is not None and f.scheme == scheme))
    ]


def series_referring(
    store: Store, targets: Sequence[URIRef], fields: Sequence[FieldSpec], graphs: Sequence[str], limit: int = LIST_LIMIT
) -> tuple[int, list[tuple[URIRef, set[str]]]]:
    """Series whose `fields` point at one of `targets` (concepts or actors).

    Returns the number of such series and the first `limit` by name, each with the keys of the fields that point.
    Every branch starts from the bound targets, so the cost follows the number of matches, not of series.
    """
    if not targets or not fields:
        return 0, []
    values = " ".join(q_iri(str(t)) for t in targets)
    branches = []
    for spec in fields:
        if spec.group is None:
            pattern = f"?s {q_iri(spec.path)} ?v ."
        else:
            pattern = f"?g {q_iri(spec.path)} ?v . ?s {q_iri(spec.group.path)} ?g ."
        branches.append(f'{{ VALUES ?v {{ {values} }} {pattern} BIND("{spec.key}" AS ?field) }}')
    # Series by their IRI (docs/model.md: id:serie/{slug}), and the name as OPTIONAL: a join with the
    # aggregatieniveau or an EXISTS per match would cost Oxigraph a lookup per match or a scan of every series.
    series = sparql(Literal(str(resource_iri("serie", ""))))
    matches = f"SELECT ?s ?field WHERE {{ {' UNION '.join(branches)} FILTER(STRSTARTS(STR(?s), {series})) }}"
    count = store.select(f"SELECT (COUNT(DISTINCT ?s) AS ?c) WHERE {{ {{ {matches} }} }}", default_graphs=graphs)
    total = int(str(count[0]["c"])) if count else 0
    rows = store.select(
        f"SELECT ?s (SAMPLE(?n) AS ?name) (GROUP_CONCAT(DISTINCT ?field) AS ?fields) WHERE {{ {{ {matches} }} "
        f"OPTIONAL {{ ?s {q_iri(MDTO.naam)} ?n }} }} GROUP BY ?s ORDER BY LCASE(STR(?name)) ?s LIMIT {int(limit)}",
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
