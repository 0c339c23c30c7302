"""The register's JSON-LD context, generated from the namespaces and the field table (never listed by hand).

Terms:
- every prefix of `mdto.namespaces.PREFIXES`;
- a field that sits on the resource itself: its field key (`naam`, `archiefvormer`, `toepassingsgebied`, ...);
- a gegevensgroep: the group's name (`geldigheid`, `bewaartermijn`, ...), or the local name of its property when
  several groups share one (`event`); a field inside a group: the local name of its property
  (`dekkingInTijdBeginDatum`, `termijnLooptijd`), because in RDF it sits on the group node, not on the resource;
- the classes of kinds and groups by their local names.
IRI-valued fields are coerced to `@id`; durations, booleans and integers to their XSD datatype. Dates are not
coerced: MDTO dates are a union of xsd:date, xsd:gYearMonth and xsd:gYear.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Any

from rdflib import URIRef
from rdflib.namespace import XSD

from mdto.mapping import register_mapping
from mdto.namespaces import PREFIXES

_DATATYPES = {"duration": XSD.duration, "boolean": XSD.boolean, "integer": XSD.integer, "datetime": XSD.dateTime}


@cache
def compact(iri: URIRef | str) -> str:
    """`http://www.nationaalarchief.nl/mdto#naam` -> `mdto:naam` (the longest matching namespace)."""
    text = str(iri)
    matches = [(len(str(ns)), p) for p, ns in PREFIXES.items() if text.startswith(str(ns))]
    if not matches:
        return text
    length, prefix = max(matches)
    return f"{prefix}:{text[length:]}"


def _local(iri: URIRef) -> str:
    return compact(iri).split(":", 1)[-1]


@cache
def jsonld_context() -> dict[str, Any]:
    mapping = register_mapping()
    ctx: dict[str, Any] = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    ctx |= {"id": "@id", "type": "@type"}
    for kind in mapping.kinds.values():
        ctx |= {_local(c): compact(c) for c in kind.classes}
    shared = Counter(g.path for g in mapping.groups.values())
    for group in mapping.groups.values():
        term = group.name if shared[group.path] == 1 else _local(group.path)
        ctx[term] = {"@id": compact(group.path)}
        ctx[_local(group.cls)] = compact(group.cls)
    for spec in mapping.fields:
        term = spec.key if spec.group is None else _local(spec.path)
        entry: dict[str, Any] = {"@id": compact(spec.path)}
        if spec.is_iri:
            entry["@type"] = "@id"
        elif spec.type in _DATATYPES:
            entry["@type"] = compact(_DATATYPES[spec.type])
        ctx.setdefault(term, entry)
    return {"@context": ctx}
