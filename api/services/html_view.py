"""The model of a resource's HTML page: its properties with field labels, values with the labels of what they
point at, gegevensgroepen nested. The portal issue builds the real pages; this one is plain and complete."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib.namespace import RDFS, SKOS

from api.services.jsonld_context import compact
from api.services.representations import RENDERERS, Description, field_labels, local_url
from api.services.triples import Triples
from mdto.namespaces import MDTO

_LABELS = [ox.NamedNode(str(p)) for p in (SKOS.prefLabel, MDTO.naam, RDFS.label, MDTO.begripLabel)]
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def label_of(triples: Triples, node: ox.NamedNode | ox.BlankNode) -> str | None:
    for p in _LABELS:
        values = [v for v in triples.objects(node, p) if isinstance(v, ox.Literal)]
        nl = [v for v in values if v.language == "nl"]
        if nl or values:
            return (nl or values)[0].value
    return None


def _value(triples: Triples, o: object, depth: int) -> dict[str, Any]:
    if isinstance(o, ox.BlankNode) and depth < 4:
        return {"rows": _rows(triples, o, depth + 1)}
    if isinstance(o, ox.NamedNode):
        return {"text": label_of(triples, o) or o.value, "href": local_url(o.value) or o.value, "iri": o.value}
    return {"text": getattr(o, "value", str(o))}


def _rows(triples: Triples, s: ox.NamedNode | ox.BlankNode, depth: int = 0) -> list[dict[str, Any]]:
    labels = field_labels()
    rows: dict[str, list[dict[str, Any]]] = {}
    for p, o in sorted(triples.predicate_objects(s), key=lambda po: po[0].value):
        name = "type" if p == RDF_TYPE else labels.get(p.value, compact(p.value))
        rows.setdefault(name, []).append(_value(triples, o, depth))
    return [{"name": k, "values": v} for k, v in rows.items()]


def page_model(d: Description) -> dict[str, Any]:
    return {
        "title": d.title,
        "iri": d.iri.value,
        "rows": _rows(d.graph, d.iri),
        "alternates": [(r.format, r.media_type) for r in RENDERERS.values() if r.format != "html"],
    }
