"""What `GET /series/{id}` means: read one published series from the store and shape it as JSON (the search
endpoints are in `api.services.search`).

JSON keys are the field keys of `mappings/register.toml`; IRI values carry their label, so that a client needs
no second request to show a series.
"""

from __future__ import annotations

import re
from typing import Any

from rdflib import URIRef

from mdto.model import Resource, Serie
from mdto.namespaces import local_part, resource_iri
from mdto.refdata import public_graphs
from mdto.repository import describe, labels
from mdto.store import Store

_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")


class NotFound(LookupError):
    pass


def resource_json(res: Resource, label_map: dict[URIRef, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": (local_part(str(res.iri)) or "").split("/", 1)[-1], "iri": str(res.iri)}
    out["type"] = res.kind
    for spec in res.fields():
        value = res.get(spec.key)
        if value is None or value == []:
            continue
        if spec.is_iri:
            items = value if spec.many else [value]
            shaped = [{"iri": str(v), "label": label_map.get(URIRef(v))} for v in items]
            out[spec.key] = shaped if spec.many else shaped[0]
        else:
            out[spec.key] = value
    return out


def _with_labels(store: Store, resources: list[Resource], graphs: list[str]) -> list[dict[str, Any]]:
    iris = {
        URIRef(v)
        for r in resources
        for spec in r.fields()
        if spec.is_iri
        for v in (r.get(spec.key) if spec.many else [r.get(spec.key)])
        if v is not None
    }
    label_map = labels(store, iris, graphs)
    return [resource_json(r, label_map) for r in resources]


def valid_slug(slug: str) -> bool:
    return bool(_SLUG.match(slug))


def get_series(store: Store, slug: str) -> dict[str, Any]:
    if not valid_slug(slug):
        raise NotFound(f"no published series with id {slug!r}")
    graphs = public_graphs()
    iri = resource_iri("serie", slug)
    g = describe(store, [iri], graphs)
    if (iri, None, None) not in g:
        raise NotFound(f"no published series with id {slug!r}")
    return _with_labels(store, [Serie.from_graph(g, iri)], graphs)[0]
