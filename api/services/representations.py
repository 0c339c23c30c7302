"""The representations of a description, as a table: format name -> media type -> render function.

Content negotiation, `?format=`, `Link` headers and 406 answers all read `RENDERERS`, so a new format is one
entry. MDTO XML (`mdto`, application/xml) is offered for informatieobjecten and bestanden only
(`formats_for`).

Only registered media types are used. The first entry is what `Accept: */*` (or no Accept) gets.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.services.jsonld import to_jsonld
from api.services.jsonld_context import compact
from api.services.triples import Triples
from mdto.mapping import register_mapping
from mdto.namespaces import PREFIXES, local_part
from mdto.store import Store


@dataclass(frozen=True)
class Description:
    """What a renderer gets: the focus IRI, the triples to show, and where they came from."""

    iri: ox.NamedNode
    graph: Triples
    store: Store
    graphs: Sequence[str]
    context_url: str
    title: str
    xsd_path: Path | None = None
    lang: str = "nl"  # the reader's language, for HTML (api.i18n)
    search: Any = None  # the application's SearchService, for HTML pages that list series (api.services.html_pages)


@dataclass(frozen=True)
class Renderer:
    format: str
    media_type: str
    render: Callable[[Description], bytes]


def _oxigraph(fmt: ox.RdfFormat) -> Callable[[Description], bytes]:
    """pyoxigraph's writers: several times faster than rdflib's for a page-sized graph."""

    def render(d: Description) -> bytes:
        triples = list(d.graph)
        prefixes = {p: str(ns) for p, ns in PREFIXES.items()} if fmt != ox.RdfFormat.N_TRIPLES else None
        return ox.serialize(triples, format=fmt, prefixes=prefixes)  # type: ignore[return-value]

    return render


def _jsonld(d: Description) -> bytes:
    return json.dumps(to_jsonld(d.graph, d.iri, d.context_url), ensure_ascii=False, indent=1).encode()


_templates = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent.parent / "templates"),
    autoescape=select_autoescape(["html"]),
)


def _html(d: Description) -> bytes:
    """The portal page for series, concepts and actors; the plain generic page for everything else."""
    from api.services.html_pages import portal_page
    from api.services.html_view import page_model

    formats = {f: RENDERERS[f].media_type for f in formats_for(d.graph, d.iri) if f != "html"}
    page = portal_page(d.store, d.graph, d.iri.value, d.graphs, d.lang, formats, d.search)
    if page is not None:
        return page.encode()
    return _templates.get_template("resource.html").render(page_model(d)).encode()


def _mdto(d: Description) -> bytes:
    from mdto.xml.export import export_document

    return export_document(d.store, d.iri.value, d.graphs, d.xsd_path)


RENDERERS: dict[str, Renderer] = {
    r.format: r
    for r in (
        Renderer("html", "text/html", _html),
        Renderer("ttl", "text/turtle", _oxigraph(ox.RdfFormat.TURTLE)),
        Renderer("jsonld", "application/ld+json", _jsonld),
        Renderer("rdf", "application/rdf+xml", _oxigraph(ox.RdfFormat.RDF_XML)),
        Renderer("nt", "application/n-triples", _oxigraph(ox.RdfFormat.N_TRIPLES)),
        Renderer("mdto", "application/xml", _mdto),
    )
}
# Descriptions that are not one register resource (VoID/DCAT, concepts, actors) are offered in the plain RDF
# formats and HTML; MDTO XML exists only for informatieobjecten and bestanden.
GRAPH_FORMATS = ("html", "ttl", "jsonld", "rdf", "nt")
_MDTO_CLASSES = {
    ox.NamedNode("http://www.nationaalarchief.nl/mdto#Informatieobject"),
    ox.NamedNode("http://www.nationaalarchief.nl/mdto#Bestand"),
}
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def formats_for(graph: Triples, iri: ox.NamedNode) -> tuple[str, ...]:
    """The formats a resource is offered in: MDTO XML too when it is an informatieobject or bestand."""
    if _MDTO_CLASSES & set(graph.objects(iri, _RDF_TYPE)):
        return (*GRAPH_FORMATS, "mdto")
    return GRAPH_FORMATS


def _ranges(accept: str) -> list[tuple[str, str, float]]:
    out = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        kind, _, sub = fields[0].lower().partition("/")
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        out.append((kind, sub or "*", q))
    return out


def negotiate(accept: str | None, available: Sequence[Renderer]) -> Renderer | None:
    """The renderer the Accept header prefers most (ties go to table order); None when nothing is acceptable."""
    if not accept or not accept.strip():
        return available[0] if available else None
    ranges = _ranges(accept)
    best: tuple[float, int] = (0.0, 0)
    chosen = None
    for order, r in enumerate(available):
        kind, _, sub = r.media_type.partition("/")
        matches = [
            (specificity, q)
            for k, s, q in ranges
            for specificity in [
                2 if (k, s) == (kind, sub) else 1 if (k == kind and s == "*") else 0 if k == "*" else -1
            ]
            if specificity >= 0
        ]
        if not matches:
            continue
        q = max(matches)[1]
        if q > best[0] or (q == best[0] and chosen is None and q > 0):
            best, chosen = (q, -order), r
    return chosen if best[0] > 0 else None


def field_labels() -> dict[str, str]:
    """Property IRI -> the Dutch field label of the mapping table, for HTML pages."""
    out: dict[str, str] = {}
    for spec in register_mapping().fields:
        out.setdefault(str(spec.path), spec.label_nl)
    for group in register_mapping().groups.values():
        out.setdefault(str(group.path), compact(group.path))
    return out


def local_url(iri: str) -> str | None:
    """`/id/...` for IRIs the register mints, so that pages link within whichever host serves them."""
    part = local_part(iri)
    return f"/id/{part}" if part else None
