"""The public portal's search page (`/`) and its static files. Series, concept and actor pages are the `html`
representation of `/id/...` (api.services.html_pages); the search runs on the read side's SearchService."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from api.deps import get_search, get_store
from api.i18n import language, t
from api.services.html_pages import html_response
from api.services.search import BadParameter, SearchService
from api.services.search_page import read_params, search_page
from api.templating import other_language, render, url_with
from mdto import browse
from mdto.refdata import public_graphs
from mdto.store import Store

router = APIRouter(tags=["portal"])


@router.get("/", include_in_schema=False)
def search(
    request: Request, search: SearchService = Depends(get_search), store: Store = Depends(get_store)
) -> Response:
    """Search published series: full text, the portal's filters with counts, sort and paging, all in the URL."""
    lang = language(request)
    switch = url_with(request, lang=other_language(lang))
    try:
        params = read_params(request.query_params, request.query_params.multi_items())
        result = search.series(params)
    except BadParameter as e:
        html = render("search_error.html", lang, switch, message=str(e), title=t("bad_search", lang))
        return html_response(request, html, 400)
    graphs = public_graphs()
    texts = browse.descriptions(store, [h["iri"] for h in result["items"]], graphs)
    page = search_page(result, params, store, graphs, lang, texts, lambda **c: url_with(request, **c))
    return html_response(request, render("search.html", lang, switch, page=page))
