"""Compact JSON-LD for one resource's description, against the register's published context.

Written by hand rather than through rdflib's serializer: it nests the blank gegevensgroep nodes inside the
resource (as the MDTO structure reads), uses the context's terms and coercions, and costs well under a
millisecond for one resource. Tests parse the output back and compare it with the Turtle of the same graph.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Any

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from api.services.jsonld_context import compact, jsonld_context
from mdto.namespaces import expand

Term = tuple[str, str | None]  # (term, coercion: "@id", a datatype IRI, or None)


@cache
def _terms() -> dict[str, list[Term]]:
    """Property IRI -> the context terms for it, with their coercion."""
    out: dict[str, list[Term]] = {}
    for term, entry in jsonld_context()["@context"].items():
        if not isinstance(entry, dict):
            continue
        coercion = entry.get("@type")
        target = str(expand(entry["@id"]))
        out.setdefault(target, []).append((term, str(expand(coercion)) if coercion and coercion != "@id" else coercion))
    return out


def _term_for(p: URIRef, o: Node) -> tuple[str, str | None]:
    terms = _terms().get(str(p), [])
    for term, coercion in terms:
        if (coercion == "@id" and isinstance(o, URIRef)) or (
            isinstance(o, Literal) and coercion is not None and coercion == str(o.datatype)
        ):
            return term, coercion
    for term, coercion in terms:
        if coercion is None:
            return term, None
    return compact(p), None


def to_jsonld(graph: Graph, focus: URIRef, context_url: str) -> dict[str, Any]:
    """`{"@context": url, "@graph": [focus, other subjects]}`, blank nodes used once nested in place."""
    uses = Counter(o for o in graph.objects() if isinstance(o, BNode))
    nested = {b for b, n in uses.items() if n == 1}

    def node(s: Node, seen: frozenset[Node]) -> dict[str, Any]:
        out: dict[str, Any] = {} if isinstance(s, BNode) and s in nested else {"@id": _id(s)}
        types = sorted(compact_type(o) for o in graph.objects(s, RDF.type))
        if types:
            out["@type"] = types if len(types) > 1 else types[0]
        for p, o in sorted(graph.predicate_objects(s), key=lambda po: (str(po[0]), str(po[1]))):
            if p == RDF.type:
                continue
            term, coercion = _term_for(p, o)
            if isinstance(o, BNode) and o in nested and o not in seen:
                value: Any = node(o, seen | {o})
            else:
                value = _value(o, coercion)
            if term in out:
                out[term] = (out[term] if isinstance(out[term], list) else [out[term]]) + [value]
            else:
                out[term] = value
        return out

    subjects = sorted({s for s in graph.subjects() if not (isinstance(s, BNode) and s in nested)}, key=str)
    subjects.sort(key=lambda s: s != focus)
    return {"@context": context_url, "@graph": [node(s, frozenset({s})) for s in subjects]}


def compact_type(cls: Node) -> str:
    ctx = jsonld_context()["@context"]
    local = compact(cls).split(":", 1)[-1]
    return local if ctx.get(local) == compact(cls) else compact(cls)


def _id(node: Node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def _value(o: Node, coercion: str | None) -> Any:
    if isinstance(o, URIRef | BNode):
        return _id(o) if coercion == "@id" else {"@id": _id(o)}
    assert isinstance(o, Literal)
    if coercion is not None and coercion == str(o.datatype):
        return str(o)
    if o.language:
        return {"@value": str(o), "@language": o.language}
    if o.datatype is None or o.datatype == XSD.string:
        return str(o)
    return {"@value": str(o), "@type": compact(o.datatype)}
