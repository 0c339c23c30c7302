"""Security groups of a series, and its dossiers and stukken, which those groups guard.
Included before the write-side router, whose `POST /series/{id}/{action}` would otherwise take these paths."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse, Response
from rdflib import URIRef

from api.auth import current_principal
from api.deps import get_store
from api.routers.writeside import hashed, http_errors
from api.services.series import resource_json
from mdto.auth.directory import Principal
from mdto.auth.groups import CHANGE, CREATE, VIEW
from mdto.auth.policy import Action
from mdto.model import Resource
from mdto.namespaces import resource_iri
from mdto.refdata import public_graphs
from mdto.repository import labels
from mdto.store import Store
from mdto.writeside import dossiers, security, service
from mdto.writeside.problems import InputProblems, Problem

router = APIRouter(tags=["dossiers and security groups"])


async def _json(request: Request) -> Any:
    try:
        return json.loads(await request.body() or b"null")
    except json.JSONDecodeError as e:
        raise InputProblems([Problem("(body)", f"not JSON: {e.msg}", "a JSON object")]) from None


def _shaped(store: Store, series: str, iri: URIRef, parent: URIRef, kind: str) -> dict[str, Any]:
    g = dossiers.read(store, series, iri, parent)
    res = Resource.from_graph(g, iri, kind)
    return resource_json(res, labels(store, [o for _, _, o in g if isinstance(o, URIRef)], public_graphs()))


@router.get("/series/{series_id}/security-groups")
def get_security_groups(
    series_id: str, store: Store = Depends(get_store), principal: Principal | None = Depends(current_principal)
) -> JSONResponse:
    """Which security groups may create, change and view this series' dossiers and stukken."""
    with http_errors():
        rec = service.load(store, principal, Action.VIEW, series_id, None)
        return JSONResponse({"id": series_id, "groups": security.listing(store, series_id)}, headers={"ETag": rec.etag})


@router.put("/series/{series_id}/security-groups")
async def put_security_groups(
    series_id: str,
    request: Request,
    if_match: str | None = Header(None),
    store: Store = Depends(get_store),
    principal: Principal | None = Depends(current_principal),
) -> JSONResponse:
    """Replace the rules: {"groups": {"leuven-financien": ["aanmaken", "wijzigen", "bekijken"]}}."""
    with http_errors():
        rec = security.replace(store, principal, series_id, if_match, await _json(request))
        return JSONResponse({"id": series_id, "groups": security.listing(store, series_id)}, headers={"ETag": rec.etag})


def _parent(store: Store, series: str, dossier: str | None) -> tuple[str, URIRef]:
    """What the URL addresses: dossiers of the series, or stukken of one of its dossiers (which must be its)."""
    if not dossier:
        return "dossier", resource_iri("serie", series)
    parent = resource_iri("dossier", dossier)
    dossiers.read(store, series, parent, resource_iri("serie", series))
    return "stuk", parent


def _list(store: Store, principal: Principal | None, series: str, dossier: str | None) -> dict[str, Any]:
    dossiers.require(store, principal, series, VIEW)
    kind, parent = _parent(store, series, dossier)
    return {"items": [_shaped(store, series, i, parent, kind) for i in dossiers.children(store, series, parent, kind)]}


def _get(store: Store, principal: Principal | None, series: str, dossier: str | None, item: str) -> JSONResponse:
    dossiers.require(store, principal, series, VIEW)
    kind, parent = _parent(store, series, dossier)
    iri = resource_iri(kind, item)
    return JSONResponse(_shaped(store, series, iri, parent, kind), headers={"ETag": dossiers.etag(store, iri)})


@router.get("/series/{series_id}/records")
def list_dossiers(
    series_id: str, store: Store = Depends(get_store), principal: Principal | None = Depends(current_principal)
) -> Response:
    """Every dossier of the series the caller's security groups may view, published or not (the public search
    of published dossiers is `GET /series/{id}/dossiers`)."""
    with http_errors():
        return hashed(_list(store, principal, series_id, None))


@router.get("/series/{series_id}/dossiers/{dossier_id}")
def get_dossier(
    series_id: str,
    dossier_id: str,
    store: Store = Depends(get_store),
    principal: Principal | None = Depends(current_principal),
) -> JSONResponse:
    with http_errors():
        return _get(store, principal, series_id, None, dossier_id)


@router.get("/series/{series_id}/dossiers/{dossier_id}/stukken")
def list_stukken(
    series_id: str,
    dossier_id: str,
    store: Store = Depends(get_store),
    principal: Principal | None = Depends(current_principal),
) -> Response:
    with http_errors():
        return hashed(_list(store, principal, series_id, dossier_id))


@router.get("/series/{series_id}/dossiers/{dossier_id}/stukken/{stuk_id}")
def get_stuk(
    series_id: str,
    dossier_id: str,
    stuk_id: str,
    store: Store = Depends(get_store),
    principal: Principal | None = Depends(current_principal),
) -> JSONResponse:
    with http_errors():
        return _get(store, principal, series_id, dossier_id, stuk_id)


async def _create(request: Request, store: Store, principal: Principal | None, series: str, dossier: str | None):
    dossiers.require(store, principal, series, CREATE)
    kind, parent = _parent(store, series, dossier)
    iri, etag = dossiers.create(store, principal, series, kind, parent, await _json(request))
    slug = str(iri).rsplit("/", 1)[-1]
    where = f"/series/{series}/dossiers/{dossier}/stukken/{slug}" if dossier else f"/series/{series}/dossiers/{slug}"
    return JSONResponse(_shaped(store, series, iri, parent, kind), 201, headers={"ETag": etag, "Location": where})


@router.post("/series/{series_id}/dossiers", status_code=201)
async def create_dossier(
    series_id: str,
    request: Request,
    store: Store = Depends(get_store),
    principal: Principal | None = Depends(current_principal),
) -> JSONResponse:
    """Create a dossier (JSON body with the dossier fields of mappings/register.toml); needs "aanmaken"."""
    with http_errors():
        return await _create(request, store, principal, series_id, None)


@router.post("/series/{series_id}/dossiers/{dossier_id}/stukken", status_code=201)
async def create_stuk(
    series_id: str,
    dossier_id: str,
    request: Request,
    store: Store = Depends(get_store),
    principal: Principal | None = Depends(current_principal),
) -> JSONResponse:
    """Create a stuk in a dossier; needs "aanmaken" on the series."""
    with http_errors():
        return await _create(request, store, principal, series_id, dossier_id)


async def _update(request, store, principal, series, dossier, item, if_match) -> JSONResponse:
    dossiers.require(store, principal, series, CHANGE)
    kind, parent = _parent(store, series, dossier)
    iri = resource_iri(kind, item)
    etag = dossiers.update(store, principal, series, kind, iri, parent, await _json(request), if_match)
    return JSONResponse(_shaped(store, series, iri, parent, kind), headers={"ETag": etag})


@router.put("/series/{series_id}/dossiers/{dossier_id}")
async def put_dossier(
    series_id: str,
    dossier_id: str,
    request: Request,
    if_match: str | None = Header(None),
    store: Store = Depends(get_store),
    principal: Principal | None = Depends(current_principal),
) -> JSONResponse:
    """Replace a dossier's fields; needs "wijzigen" and If-Match."""
    with http_errors():
        return await _update(request, store, principal, series_id, None, dossier_id, if_match)


@router.put("/series/{series_id}/dossiers/{dossier_id}/stukken/{stuk_id}")
async def put_stuk(
    series_id: str,
    dossier_id: str,
    stuk_id: str,
    request: Request,
    if_match: str | None = Header(None),
    store: Store = Depends(get_store),
    principal: Principal | None = Depends(current_principal),
) -> JSONResponse:
    """Replace a stuk's fields; needs "wijzigen" and If-Match."""
    with http_errors():
        return await _update(request, store, principal, series_id, dossier_id, stuk_id, if_match)
