"""The `html` representation of series, concepts and actors: the portal pages people read.

The content-negotiation table (`api.services.representations.RENDERERS`) calls `portal_page` for every HTML
request on `/id/...`; it answers for series, concepts and actors and returns None for anything else (dossiers,
stukken, concept schemes), which keep the plain generic page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pyoxigraph as ox
from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from rdflib import Graph, URIRef

from api.services.concept_page import actor_page, concept_page
from api.services.page_common import page_url
from api.services.search import SearchService
from api.services.series_page import series_page
from api.templating import other_language, remember_language, render
from mdto.mapping import register_mapping
from mdto.namespaces import local_part
from mdto.store import Store
from mdto.terms import from_ox


def page_kind(iri: str) -> str | None:
    """serie, begrip or actor for IRIs that have a portal page; None for the rest."""
    kind = (local_part(iri) or "").split("/", 1)[0]
    return kind if kind in ("serie", "begrip", "actor") else None


def portal_page(
    store: Store,
    triples: Iterable[ox.Triple],
    iri: str,
    graphs: Sequence[str],
    lang: str,
    formats: Mapping[str, str],
    search: SearchService,
) -> str | None:
    """The page of a resource described by `triples` (the read side's description from the public `graphs`), or
    None when it has no portal page. `search` lists the series of a concept or an actor."""
    kind = page_kind(iri)
    if kind is None:
        return None
    g = Graph()
    for t in triples:  # the page models read the mapping's fields through rdflib (mdto.model)
        g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    switch = f"{page_url(iri)}?lang={other_language(lang)}"
    args = (store, g, URIRef(iri), graphs, lang, formats)
    if kind == "serie":
        label = register_mapping().kinds["serie"]
        kind_label = label.label_en if lang == "en" else label.label_nl
        return render("series.html", lang, switch, page=series_page(*args), kind_label=kind_label)
    if kind == "actor":
        return render("actor.html", lang, switch, page=actor_page(*args, search))
    return render("concept.html", lang, switch, page=concept_page(*args, search))


def not_found_page(lang: str, message: str, path: str) -> str:
    return render("not_found.html", lang, f"{path}?lang={other_language(lang)}", message=message)


def portal_response(request: Request, response: Response) -> Response:
    """A page's language may come from the cookie: caches must key on it too, and an explicit `?lang=` is
    remembered for the next page."""
    response.headers["Vary"] = "Accept, Cookie"
    return remember_language(request, response)


def html_response(request: Request, html: str, status: int = 200) -> Response:
    return portal_response(request, HTMLResponse(html, status))
