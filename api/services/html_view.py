"""The model of a resource's HTML page: its properties with field labels, values with the labels of what they
point at, gegevensgroepen nested. The portal issue builds the real pages; this one is plain and complete."""

from __future__ import annotations

from typing import Any

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from api.services.jsonld_context import compact
from api.services.representations import RENDERERS, Description, field_labels, local_url
from mdto.namespaces import MDTO

_LABELS = (SKOS.prefLabel, MDTO.naam, RDFS.label, MDTO.begripLabel)


def label_of(g: Graph, node: Node) -> str | None:
    for p in _LABELS:
        values = list(g.objects(node, p))
        nl = [v for v in values if isinstance(v, Literal) and v.language == "nl"]
        if nl or values:
            return str((nl or values)[0])
    return None


def _value(g: Graph, o: Node, depth: int) -> dict[str, Any]:
    if isinstance(o, BNode) and depth < 4:
        return {"rows": _rows(g, o, depth + 1)}
    if isinstance(o, URIRef):
        return {"text": label_of(g, o) or str(o), "href": local_url(str(o)) or str(o), "iri": str(o)}
    return {"text": str(o)}


def _rows(g: Graph, s: Node, depth: int = 0) -> list[dict[str, Any]]:
    labels = field_labels()
    rows: dict[str, list[dict[str, Any]]] = {}
    for p, o in sorted(g.predicate_objects(s), key=lambda po: str(po[0])):
        name = "type" if p == RDF.type else labels.get(str(p), compact(p))
        rows.setdefault(name, []).append(_value(g, o, depth))
    return [{"name": k, "values": v} for k, v in rows.items()]


def page_model(d: Description) -> dict[str, Any]:
    return {
        "title": d.title,
        "iri": str(d.iri),
        "rows": _rows(d.graph, d.iri),
        "alternates": [(r.format, r.media_type) for r in RENDERERS.values() if r.format != "html"],
    }
