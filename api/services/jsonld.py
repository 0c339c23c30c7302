"""Compact JSON-LD for one resource's description, against the register's published context.

Written by hand rather than through rdflib's serializer: it nests the blank gegevensgroep nodes inside the
resource (as the MDTO structure reads), uses the context's terms and coercions, and costs well under a
millisecond for one resource. Tests parse the output back and compare it with the Turtle of the same graph.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Any

import pyoxigraph as ox

from api.services.jsonld_context import compact, jsonld_context
from api.services.triples import Triples
from mdto.namespaces import expand

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@cache
def _terms() -> dict[str, list[tuple[str, str | None]]]:
    """Property IRI -> the context terms for it, with their coercion ("@id", a datatype IRI, or None)."""
    out: dict[str, list[tuple[str, str | None]]] = {}
    for term, entry in jsonld_context()["@context"].items():
        if not isinstance(entry, dict):
            continue
        coercion = entry.get("@type")
        target = str(expand(entry["@id"]))
        out.setdefault(target, []).append((term, str(expand(coercion)) if coercion and coercion != "@id" else coercion))
    return out


def _term_for(p: ox.NamedNode, o: object) -> tuple[str, str | None]:
    terms = _terms().get(p.value, [])
    for term, coercion in terms:
        if (coercion == "@id" and isinstance(o, ox.NamedNode)) or (
            isinstance(o, ox.Literal) and coercion is not None and coercion == o.datatype.value
        ):
            return term, coercion
    for term, coercion in terms:
        if coercion is None:
            return term, None
    return compact(p.value), None


@cache
def compact_type(cls: str) -> str:
    ctx = jsonld_context()["@context"]
    short = compact(cls)
    local = short.split(":", 1)[-1]
    return local if ctx.get(local) == short else short


def to_jsonld(triples: Triples, focus: ox.NamedNode, context_url: str) -> dict[str, Any]:
    """`{"@context": url, "@graph": [focus, other subjects]}`, blank nodes used once nested in place."""
    uses = Counter(o for o in triples.objects() if isinstance(o, ox.BlankNode))
    nested = {b for b, n in uses.items() if n == 1}

    def node(s: ox.NamedNode | ox.BlankNode, seen: frozenset) -> dict[str, Any]:
        out: dict[str, Any] = {} if s in nested else {"@id": _id(s)}
        pos = sorted(triples.predicate_objects(s), key=lambda po: (po[0].value, str(po[1])))
        types = [compact_type(o.value) for p, o in pos if p == RDF_TYPE and isinstance(o, ox.NamedNode)]
        if types:
            out["@type"] = types if len(types) > 1 else types[0]
        for p, o in pos:
            if p == RDF_TYPE:
                continue
            term, coercion = _term_for(p, o)
            if isinstance(o, ox.BlankNode) and o in nested and o not in seen:
                value: Any = node(o, seen | {o})
            else:
                value = _value(o, coercion)
            if term in out:
                out[term] = (out[term] if isinstance(out[term], list) else [out[term]]) + [value]
            else:
                out[term] = value
        return out

    subjects = sorted((s for s in triples.subjects() if s not in nested), key=lambda s: (s != focus, str(s)))
    return {"@context": context_url, "@graph": [node(s, frozenset({s})) for s in subjects]}


def _id(node: ox.NamedNode | ox.BlankNode) -> str:
    return f"_:{node.value}" if isinstance(node, ox.BlankNode) else node.value


def _value(o: object, coercion: str | None) -> Any:
    if isinstance(o, ox.NamedNode | ox.BlankNode):
        return _id(o) if coercion == "@id" else {"@id": _id(o)}
    assert isinstance(o, ox.Literal)
    datatype = o.datatype.value
    if coercion is not None and coercion == datatype:
        return o.value
    if o.language:
        return {"@value": o.value, "@language": o.language}
    if datatype == XSD_STRING:
        return o.value
    return {"@value": o.value, "@type": compact(datatype)}
