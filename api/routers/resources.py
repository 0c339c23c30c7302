"""Linked data over HTTP: every minted IRI dereferences (`/id/...`), with content negotiation on Accept and a
`?format=` override; the JSON-LD context; the VoID/DCAT description; the bulk download of published data."""

from __future__ import annotations

import json

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from api.deps import get_search, get_settings, get_store
from api.i18n import language
from api.services import resources as service
from api.services.dataset import DOWNLOAD_PATH, dataset_description, stream_nquads_gz
from api.services.html_pages import html_response, not_found_page, portal_response
from api.services.jsonld_context import jsonld_context
from api.services.representations import GRAPH_FORMATS, RENDERERS, Description, Renderer, formats_for, negotiate
from api.services.triples import Triples
from mdto.refdata import public_graphs
from mdto.store import Store
from mdto.terms import to_ox

router = APIRouter(tags=["linked data"])
CORS = {"Access-Control-Allow-Origin": "*"}


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _choose(request: Request, formats: tuple[str, ...]) -> Renderer | Response:
    available = [RENDERERS[f] for f in formats if f in RENDERERS]
    listing = [{"format": r.format, "mediaType": r.media_type} for r in available]
    headers = {"Vary": "Accept", "Link": _links(request, available), **CORS}
    wanted = request.query_params.get("format")
    if wanted is not None:
        if wanted in RENDERERS and RENDERERS[wanted] in available:
            return RENDERERS[wanted]
        detail = f"format={wanted!r} is not available here; use one of: {', '.join(r.format for r in available)}"
        return JSONResponse({"detail": detail, "available": listing}, 400, headers)
    chosen = negotiate(request.headers.get("accept"), available)
    if chosen is None:
        detail = (
            f"none of the media types in Accept is available; available: {', '.join(r.media_type for r in available)}"
        )
        return JSONResponse({"detail": detail, "available": listing}, 406, headers)
    return chosen


def _links(request: Request, available: list[Renderer]) -> str:
    path = request.url.path
    return ", ".join(f'<{path}?format={r.format}>; rel="alternate"; type="{r.media_type}"' for r in available)


def _respond(request: Request, renderer: Renderer, d: Description, formats: tuple[str, ...]) -> Response:
    available = [RENDERERS[f] for f in formats if f in RENDERERS]
    links = _links(request, available)
    if d.iri.value.startswith("https://w3id.org/"):
        links += f', <{d.iri.value}>; rel="canonical"'
    media = renderer.media_type + ("; charset=utf-8" if renderer.media_type.startswith("text/") else "")
    return Response(renderer.render(d), media_type=media, headers={"Vary": "Accept", "Link": links, **CORS})


@router.get("/id/{local:path}", summary="Dereference an IRI minted by the register")
def dereference(local: str, request: Request, store: Store = Depends(get_store)) -> Response:
    try:
        iri = service.iri_for(local)
        g = service.describe_resource(store, iri)
    except service.NotFound as e:
        wanted = _choose(request, tuple(RENDERERS))
        if isinstance(wanted, Renderer) and wanted.format == "html":
            return html_response(request, not_found_page(language(request), str(e), request.url.path), 404)
        return JSONResponse({"detail": str(e)}, 404, {"Vary": "Accept", **CORS})
    formats = formats_for(g, ox.NamedNode(iri))
    chosen = _choose(request, formats)
    if isinstance(chosen, Response):
        return chosen
    context_url = f"{base_url(request)}/context.jsonld"
    xsd = request.app.state.settings.xsd_path
    html = chosen.format == "html"
    search = get_search(request, store, get_settings(request)) if html else None
    title = service.title(g, iri)
    d = Description(ox.NamedNode(iri), g, store, public_graphs(), context_url, title, xsd, language(request), search)
    response = _respond(request, chosen, d, formats)
    return portal_response(request, response) if html else response


@router.get("/context.jsonld", summary="The register's JSON-LD context")
def context() -> Response:
    return Response(json.dumps(jsonld_context(), indent=1), media_type="application/ld+json", headers=CORS)


@router.get("/dataset", summary="VoID and DCAT description of the published dataset")
@router.get("/void", include_in_schema=False)
@router.get("/.well-known/void", include_in_schema=False)
def dataset(request: Request, store: Store = Depends(get_store)) -> Response:
    chosen = _choose(request, GRAPH_FORMATS)
    if isinstance(chosen, Response):
        return chosen
    iri, g = dataset_description(store, base_url(request))
    triples = Triples(ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in g)
    context_url = f"{base_url(request)}/context.jsonld"
    d = Description(ox.NamedNode(iri), triples, store, public_graphs(), context_url, "Serieregister")
    return _respond(request, chosen, d, GRAPH_FORMATS)


@router.get(DOWNLOAD_PATH, summary="All published data (public graphs) as gzipped N-Quads, streamed")
def download(store: Store = Depends(get_store)) -> StreamingResponse:
    return StreamingResponse(
        stream_nquads_gz(store),
        media_type="application/gzip",
        headers={"Content-Disposition": 'attachment; filename="published.nq.gz"', **CORS},
    )
