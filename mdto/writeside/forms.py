"""Request bodies -> the RDF description of one series, through the field table (mappings/register.toml).

Three ways in: a JSON form body whose keys are the field keys (the same shape `GET /series/{id}` answers, so a
client may send back what it read), Turtle, or JSON-LD. Whatever comes in, the result is the graph of exactly one
series (the resource and its blank gegevensgroep nodes); anything else is refused with the field and the reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import BNode, Graph, URIRef

from mdto.mapping import FieldSpec, register_mapping
from mdto.model import RESOURCE_CLASSES, Resource, Serie, kind_of
from mdto.namespaces import ID, MDTO, resource_iri, scheme_iri, sparql_prefixes
from mdto.rdfio import RdfSyntaxError, UnknownFormatError, format_for_media_type, parse_bytes, to_rdflib_graph
from mdto.refdata import reference_graphs
from mdto.store import Store
from mdto.terms import iri as q_iri
from mdto.values import ValueProblem
from mdto.writeside.problems import InputProblems, Problem

READ_ONLY_KEYS = {"id", "iri", "type"}
MAX_LISTED = 25


def field_keys(kind: str = "serie") -> list[str]:
    return [f.key for f in register_mapping().fields_for(kind)]


def serie_from_form(body: Any, slug: str) -> Serie:
    """A JSON object of field values -> a Serie; every bad key or value is reported, not only the first."""
    return resource_from_form("serie", body, slug)  # type: ignore[return-value]


def resource_from_form(kind: str, body: Any, slug: str) -> Resource:
    """A JSON object of field values -> a series, dossier or stuk (fields of that kind in the table)."""
    if not isinstance(body, dict):
        raise InputProblems([Problem("(body)", "expected a JSON object of field values", field_keys(kind))])
    serie = RESOURCE_CLASSES[kind].new(slug)
    problems: list[Problem] = []
    for key, value in body.items():
        if key in READ_ONLY_KEYS:
            continue
        try:
            spec = register_mapping().field(kind, key)
        except KeyError:
            problems.append(Problem(key, f"unknown field of a {kind}", field_keys(kind)))
            continue
        if key == "identificatie" and value not in (None, slug):
            problems.append(Problem(key, f"the identifier of this series is {slug!r} and cannot change", slug))
            continue
        try:
            serie.set(key, _plain(spec, value))
        except ValueProblem as e:
            problems.append(Problem(e.field, f"{e.value!r} is not valid", e.expected))
        except (ValueError, TypeError) as e:
            problems.append(Problem(key, str(e), "one value" if not spec.many else "a list of values"))
    if problems:
        raise InputProblems(problems)
    return serie


def merge_form(current: Serie, body: Any) -> Serie:
    """PATCH: the current values with the body's keys replaced (null removes a field)."""
    if not isinstance(body, dict):
        raise InputProblems([Problem("(body)", "expected a JSON object of field values", field_keys())])
    values: dict[str, Any] = {k: _jsonable(v) for k, v in current.values().items()}
    values.update(body)
    return serie_from_form({k: v for k, v in values.items() if v is not None}, current.identificatie)


def _jsonable(value: Any) -> Any:
    if isinstance(value, list):
        return [str(v) if isinstance(v, URIRef) else v for v in value]
    return str(value) if isinstance(value, URIRef) else value


def _plain(spec: FieldSpec, value: Any) -> Any:
    """Accept `{"iri": ..., "label": ...}` objects (as GET answers them) for IRI fields."""

    def one(v: Any) -> Any:
        return v["iri"] if spec.is_iri and isinstance(v, dict) and "iri" in v else v

    return [one(v) for v in value] if isinstance(value, list) else one(value)


def graph_from_rdf(data: bytes, media_type: str, slug: str | None) -> tuple[str, Graph]:
    """Turtle or JSON-LD -> (slug, the series' description). With `slug` given (PUT) the IRI must match."""
    try:
        fmt = format_for_media_type(media_type)
        parsed = parse_bytes(data, fmt, "(body)", base_iri=str(ID))
    except UnknownFormatError as e:
        raise InputProblems(
            [Problem("Content-Type", str(e), ["application/json", "text/turtle", "application/ld+json"])]
        ) from None
    except RdfSyntaxError as e:
        where = f"line {e.line}" + (f", column {e.column}" if e.column else "") if e.line else "(body)"
        raise InputProblems([Problem(where, e.reason, "well-formed " + media_type)]) from None
    g = to_rdflib_graph(parsed.quads)
    series = [s for s in set(g.subjects()) if isinstance(s, URIRef) and kind_of(g, s) == "serie"]
    if len(series) != 1:
        raise InputProblems(
            [Problem("(body)", f"expected the description of exactly one series, found {len(series)}",
                     "one resource with mdto:aggregatieniveau id:begrip/aggregatieniveaus/serie")]
        )  # fmt: skip
    iri = series[0]
    prefix = str(resource_iri("serie", ""))
    found = str(iri)[len(prefix) :] if str(iri).startswith(prefix) else None
    if found is None or "/" in found or not found:
        raise InputProblems([Problem("(subject)", f"{iri} is not a series IRI of this register", prefix + "{id}")])
    if slug is not None and found != slug:
        raise InputProblems([Problem("(subject)", f"the body describes {iri}, not this series", prefix + slug)])
    reachable = description_of(g, iri)
    stray = sorted({str(s) for s in g.subjects()} - {str(s) for s in reachable.subjects()})
    if stray:
        raise InputProblems(
            [Problem("(body)", f"triples about other resources: {', '.join(stray[:5])}",
                     "only the series and its blank gegevensgroep nodes")]
        )  # fmt: skip
    ident = Serie.from_graph(g, iri).identificatie
    if ident != found:
        raise InputProblems([Problem("identificatie", f"{ident!r} must equal the series id", found)])
    return found, reachable


def keep_unmapped(old: Graph, new: Graph, iri: URIRef) -> Graph:
    """A form body only speaks of the fields of the table: carry over what else the old description said
    (security groups, part-of links, the template class, ...) so that an edit through a form loses nothing."""
    mapping = register_mapping()
    mapped = {f.path for f in mapping.fields_for("serie") if f.group is None}
    mapped |= {f.group.path for f in mapping.fields_for("serie") if f.group is not None}
    mapped.add(MDTO.aggregatieniveau)
    for p, o in old.predicate_objects(iri):
        if p in mapped:
            continue
        new.add((iri, p, o))
        if isinstance(o, BNode):
            for t in description_of(old, o):
                new.add(t)
    return new


def description_of(g: Graph, iri: URIRef | BNode) -> Graph:
    """The resource and the blank nodes reachable from it."""
    out, todo, seen = Graph(), [iri], set()
    while todo:
        s = todo.pop()
        if s in seen:
            continue
        seen.add(s)
        for p, o in g.predicate_objects(s):
            out.add((s, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return out


def check_references(store: Store, serie: Resource, allowed_actors: Iterable[URIRef] | None) -> None:
    """Concepts must come from their scheme, actors from the reference data (and the caller's tenant).

    One query finds what every given IRI is; the lists of valid values are fetched only to explain a refusal."""
    wanted: list[tuple[FieldSpec, URIRef]] = []
    for spec in (f for f in serie.fields() if f.is_iri):
        value = serie.get(spec.key)
        wanted += [(spec, URIRef(v)) for v in (value if spec.many else [value]) if v is not None]
    if not wanted:
        return
    values = " ".join(sorted({q_iri(str(v)) for _, v in wanted}))
    rows = store.select(
        sparql_prefixes() + f"SELECT ?x ?what WHERE {{ VALUES ?x {{ {values} }} {{ ?x skos:inScheme ?what }} UNION "
        f"{{ ?x a mdto:Actor BIND(mdto:Actor AS ?what) }} }}",
        default_graphs=reference_graphs(),
    )
    found: dict[URIRef, set[URIRef]] = {}
    for r in rows:
        found.setdefault(URIRef(r["x"]), set()).add(URIRef(r["what"]))
    problems: list[Problem] = []
    allowed = set(allowed_actors) if allowed_actors is not None else None
    for spec, v in wanted:
        if spec.type in ("concept", "process") and spec.scheme:
            scheme = scheme_iri(spec.scheme)
            if scheme not in found.get(v, set()):
                known = _members(store, f"?x skos:inScheme {q_iri(str(scheme))}")
                problems.append(Problem(spec.key, f"{v} is not a concept of {spec.scheme}", _listing(known)))
        elif spec.type == "actor":
            if MDTO.Actor not in found.get(v, set()):
                problems.append(
                    Problem(spec.key, f"{v} is not a known actor", _listing(_members(store, "?x a mdto:Actor")))
                )
            elif allowed is not None and v not in allowed:
                problems.append(
                    Problem(spec.key, f"{v} is not an actor of your organisation", sorted(map(str, allowed)))
                )
    if problems:
        raise InputProblems(problems)


def _members(store: Store, pattern: str) -> set[URIRef]:
    rows = store.select(sparql_prefixes() + f"SELECT ?x WHERE {{ {pattern} }}", default_graphs=reference_graphs())
    return {URIRef(r["x"]) for r in rows}


def _listing(known: set[URIRef]) -> str | list[str]:
    if len(known) <= MAX_LISTED:
        return sorted(map(str, known))
    return f"one of {len(known)} IRIs; e.g. {', '.join(sorted(map(str, known))[:5])}"
