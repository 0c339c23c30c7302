"""Series over HTTP: faceted search (`GET /series`), one series as JSON (`GET /series/{id}`), and faceted search
of the dossiers within a series (`GET /series/{id}/dossiers`). JSON by default, JSON-LD on request (Accept:
application/ld+json or ?format=jsonld)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from api.deps import get_search, get_store
from api.services import series as service
from api.services.search import (
    DOSSIER_FACETS,
    SERIES_FACETS,
    BadParameter,
    NotFound,
    SearchParams,
    SearchService,
    checked_date,
    search_context,
)
from api.services.spreadsheet import spreadsheet_export
from mdto.namespaces import resource_iri
from mdto.store import Store

router = APIRouter(tags=["series"])
Sort = Literal["name", "date", "-date"]


def _params(
    request: Request,
    facets: tuple[str, ...],
    q: str | None,
    van: str | None,
    tot: str | None,
    sort: str,
    page: int,
    size: int,
    facet_limit: int,
) -> SearchParams:
    filters = {f: tuple(v for v in request.query_params.getlist(f) if v) for f in facets}
    try:
        return SearchParams(
            q=q,
            filters={f: vs for f, vs in filters.items() if vs},
            van=checked_date("van", van),
            tot=checked_date("tot", tot),
            sort=sort,
            page=page,
            size=size,
            facet_limit=facet_limit,
        )
    except BadParameter as e:
        raise HTTPException(422, str(e)) from None


def _answer(request: Request, body: dict[str, Any]) -> JSONResponse:
    wants_ld = request.query_params.get("format") == "jsonld" or "application/ld+json" in request.headers.get(
        "accept", ""
    )
    if wants_ld:
        body = {
            "@context": search_context(f"{str(request.base_url).rstrip('/')}/context.jsonld"),
            "iri": str(request.url),
            **body,
        }
        return JSONResponse(body, media_type="application/ld+json", headers={"Vary": "Accept"})
    return JSONResponse(body, headers={"Vary": "Accept"})


_FILTER_HELP = "repeatable; a full IRI or the part after https://w3id.org/serieregister/id/ (e.g. actor/stad-leuven)"


@router.get("/series", summary="Search published series, with facet counts")
def search_series(
    request: Request,
    q: str | None = Query(None, description="full text over name and description"),
    toepassingsgebied: list[str] = Query([], description=_FILTER_HELP),
    beheerder: list[str] = Query([], description="custodian (sr:bewaargever); " + _FILTER_HELP),
    archiefvormer: list[str] = Query([], description=_FILTER_HELP),
    dienstverlening: list[str] = Query([], description=_FILTER_HELP),
    proces: list[str] = Query([], description="the series' own process; " + _FILTER_HELP),
    procesniveau: list[str] = Query(
        [], description="a process of level 1, 2 or 3: series filed under it; " + _FILTER_HELP
    ),
    waardering: list[str] = Query([], description=_FILTER_HELP),
    van: str | None = Query(
        None, description="validity overlaps the period from this date (yyyy, yyyy-mm or yyyy-mm-dd)"
    ),
    tot: str | None = Query(None, description="validity overlaps the period until this date"),
    sort: Sort = Query("name", description="name, date (validity start, oldest first) or -date"),
    page: int = Query(1, ge=1),
    size: int = Query(20, ge=1, le=200),
    facet_limit: int = Query(50, ge=1, le=1000, description="most values per facet (largest counts; selected always)"),
    format: Literal["json", "jsonld", "xlsx"] | None = Query(
        None,
        description="json (default), jsonld, or xlsx: every matching series (all pages) as a workbook in the "
        "import template's layout (docs/spreadsheets.md)",
    ),
    search: SearchService = Depends(get_search),
) -> Response:
    """Facet counts: for each filter, the counts of its values given all the OTHER filters."""
    params = _params(request, SERIES_FACETS, q, van, tot, sort, page, size, facet_limit)
    try:
        if format == "xlsx":
            return spreadsheet_export(search, params)
        return _answer(request, search.series(params))
    except BadParameter as e:
        raise HTTPException(422, str(e)) from None


@router.get("/series/{series_id}", summary="One published series as JSON")
def get_series(series_id: str, store: Store = Depends(get_store)) -> dict[str, Any]:
    """Every field of the register, IRIs with their labels."""
    try:
        return service.get_series(store, series_id)
    except service.NotFound as e:
        raise HTTPException(404, str(e)) from None


@router.get("/series/{series_id}/dossiers", summary="Search the dossiers of one published series")
def search_dossiers(
    request: Request,
    series_id: str,
    q: str | None = Query(None, description="full text over name and description"),
    archiefvormer: list[str] = Query([], description=_FILTER_HELP),
    proces: list[str] = Query([], description=_FILTER_HELP),
    waardering: list[str] = Query([], description=_FILTER_HELP),
    openbaarheid: list[str] = Query([], description=_FILTER_HELP),
    van: str | None = Query(None, description="open during a period from this date"),
    tot: str | None = Query(None, description="open during a period until this date"),
    sort: Sort = Query("name", description="name, date (opening date) or -date"),
    page: int = Query(1, ge=1),
    size: int = Query(20, ge=1, le=200),
    facet_limit: int = Query(50, ge=1, le=1000, description="most values per facet (largest counts; selected always)"),
    format: Literal["json", "jsonld"] | None = Query(None),
    search: SearchService = Depends(get_search),
) -> JSONResponse:
    params = _params(request, DOSSIER_FACETS, q, van, tot, sort, page, size, facet_limit)
    if not service.valid_slug(series_id):
        raise HTTPException(404, f"no published series with id {series_id!r}")
    try:
        return _answer(request, search.dossiers(str(resource_iri("serie", series_id)), params))
    except NotFound:
        raise HTTPException(404, f"no published series with id {series_id!r}") from None
