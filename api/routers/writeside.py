"""Authoring and the publication workflow over HTTP: drafts, workflow actions, versions, diffs, audit trail.

Reads answer an ETag (the series' revision); every write and action requires If-Match with it (428 without,
412 when stale). Meaning lives in mdto/writeside/service.py; this module only speaks HTTP.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from rdflib import Graph, URIRef

from api.auth import current_principal
from api.deps import get_search, get_store
from api.services.series import resource_json
from mdto.auth.directory import Principal
from mdto.auth.policy import TRANSITIONS, Action, Role
from mdto.model import Serie
from mdto.namespaces import resource_iri
from mdto.refdata import public_graphs
from mdto.repository import labels
from mdto.store import Store
from mdto.writeside import audit, service, templates
from mdto.writeside.diff import diff_graphs, diff_html
from mdto.writeside.forms import graph_from_rdf, keep_unmapped, merge_form, serie_from_form
from mdto.writeside.problems import InputProblems, Problem
from mdto.writeside.records import SeriesRecord, StaleRevision, read_record
from mdto.writeside.versions import list_versions

router = APIRouter(tags=["write side"])
FORM_TYPES = ("application/json", "")
ACTIONS = {a.value: a for a in TRANSITIONS}


@contextmanager
def http_errors() -> Iterator[None]:
    """The write side's exceptions as HTTP answers."""
    try:
        yield
    except service.Unauthenticated as e:
        raise HTTPException(401, str(e), headers={"WWW-Authenticate": "Bearer"}) from None
    except service.NotFound as e:
        raise HTTPException(404, str(e)) from None
    except service.Forbidden as e:
        raise HTTPException(403, str(e)) from None
    except service.Conflict as e:
        raise HTTPException(409, str(e)) from None
    except service.PreconditionRequired as e:
        raise HTTPException(428, str(e)) from None
    except StaleRevision:
        raise HTTPException(412, "the series changed since you read it: GET it again and retry") from None
    except InputProblems as e:
        raise HTTPException(422, [p.as_json() for p in e.problems]) from None


def series_json(store: Store, graph: Graph, iri: URIRef) -> dict[str, Any]:
    res = Serie.from_graph(graph, iri)
    iris = [o for _, _, o in graph if isinstance(o, URIRef)]
    return resource_json(res, labels(store, iris, public_graphs()))


def record_json(store: Store, principal: Principal, rec: SeriesRecord) -> dict[str, Any]:
    return rec.as_json() | {"actions": service.allowed_actions(store, principal, rec)}


def hashed(body: Any, html: str | None = None) -> Response:
    """A read without a revision of its own (diff, audit trail, lists): its ETag is a hash of the content."""
    content = html if html is not None else json.dumps(body, ensure_ascii=False, sort_keys=True)
    tag = '"' + hashlib.sha256(content.encode()).hexdigest()[:32] + '"'
    if html is not None:
        return HTMLResponse(html, headers={"ETag": tag})
    return JSONResponse(body, headers={"ETag": tag})


def answer(body: Any, rec: SeriesRecord, status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers={"ETag": rec.etag, **(headers or {})})


async def body_graph(request: Request, slug: str | None) -> tuple[str, Graph, bool]:
    """The request body as the description of one series: a JSON form, Turtle or JSON-LD (and whether it was a
    form, which speaks only of the table's fields)."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    data = await request.body()
    if media in FORM_TYPES:
        try:
            body = json.loads(data or b"null")
        except json.JSONDecodeError as e:
            raise InputProblems([Problem("(body)", f"not JSON: {e.msg} at line {e.lineno}", "a JSON object")]) from None
        if not isinstance(body, dict):
            raise InputProblems([Problem("(body)", "expected a JSON object of field values", "a JSON object")])
        if slug is None:
            slug = service.new_slug(body.get("naam"), body.get("identificatie"))
        serie = serie_from_form(body, slug)
        return slug, serie.to_graph(), True
    return (*graph_from_rdf(data, media, slug), False)


# -- authoring -------------------------------------------------------------------------------------------------
@router.post("/series", status_code=201)
async def create_series(
    request: Request,
    organisation: str | None = Query(None, description="the organisation the series belongs to"),
    from_template: str | None = Query(None, description="id of a published template series to start from"),
    store: Store = Depends(get_store),
    principal: Principal | None = Depends(current_principal),
) -> JSONResponse:
    """Create a draft from a JSON form body (keys of mappings/register.toml), Turtle or JSON-LD."""
    with http_errors():
        if principal is None:
            raise service.Unauthenticated("this needs a bearer token (Authorization: Bearer ...)")
        if from_template:
            raw = await request.body()
            try:
                overrides = json.loads(raw) if raw.strip() else {}
            except json.JSONDecodeError as e:
                raise InputProblems([Problem("(body)", f"not JSON: {e.msg}", "a JSON object")]) from None
            if not isinstance(overrides, dict):
                raise InputProblems([Problem("(body)", "overrides must be a JSON object", "a JSON object")])
            slug, graph, remark = templates.derive(store, principal, from_template, organisation, overrides)
            rec = service.create(store, principal, graph, slug, organisation, remark)
        else:
            slug, graph, _ = await body_graph(request, None)
            rec = service.create(store, principal, graph, slug, organisation)
        return answer(record_json(store, principal, rec), rec, 201, {"Location": f"/series/{slug}/draft"})


@router.get("/series/{series_id}/workflow")
def get_workflow(
    series_id: str, store: Store = Depends(get_store), principal: Principal | None = Depends(current_principal)
) -> JSONResponse:
    """Workflow state, dates, the caller's allowed actions; the ETag to send with an action."""
    with http_errors():
        rec = service.load(store, principal, Action.VIEW, series_id, None)
        assert principal is not None
        return answer(record_json(store, principal, rec), rec)


@router.get("/series/{series_id}/draft")
def get_draft(
    series_id: str, store: Store = Depends(get_store), principal: Principal | None = Depends(current_principal)
) -> JSONResponse:
    """The working copy (never public) with its workflow state."""
    with http_errors():
        rec, graph = service.view(store, principal, series_id)
        assert principal is not None
        if graph is None:
            raise service.NotFound(f"series {series_id!r} has no working copy; its published description is at "
                                   f"/series/{series_id}")  # fmt: skip
        return answer({"workflow": record_json(store, principal, rec),
                       "series": series_json(store, graph, rec.iri)}, rec)  # fmt: skip


@router.put("/series/{series_id}")
async def put_series(
    series_id: str,
    request: Request,
    if_match: str | None = Header(None),
    store: Store = Depends(get_store),
    principal: Principal | None = Depends(current_principal),
) -> JSONResponse:
    """Replace the working copy (JSON form, Turtle or JSON-LD)."""
    with http_errors():
        rec = service.load(store, principal, Action.EDIT, series_id, if_match)
        _, graph, form = await body_graph(request, series_id)
        iri = resource_iri("serie", series_id)
        rec = service.replace(
            store, principal, series_id, if_match, lambda old: keep_unmapped(old, graph, iri) if form else graph
        )
        assert principal is not None
        return answer(record_json(store, principal, rec), rec)


@router.patch("/series/{series_id}")
async def patch_series(
    series_id: str,
    request: Request,
    if_match: str | None = Header(None),
    store: Store = Depends(get_store),
    principal: Principal | None = Depends(current_principal),
) -> JSONResponse:
    """Change some fields of the working copy (JSON merge: null removes a field)."""
    with http_errors():
        service.load(store, principal, Action.EDIT, series_id, if_match)
        try:
            body = json.loads(await request.body() or b"null")
        except json.JSONDecodeError as e:
            raise InputProblems([Problem("(body)", f"not JSON: {e.msg}", "a JSON object")]) from None
        iri = resource_iri("serie", series_id)
        rec = service.replace(
            store,
            principal,
            series_id,
            if_match,
            lambda old: keep_unmapped(old, merge_form(Serie.from_graph(old, iri), body).to_graph(), iri),
        )
        assert principal is not None
        return answer(record_json(store, principal, rec), rec)


@router.delete("/series/{series_id}")
def delete_series(
    series_id: str,
    if_match: str | None = Header(None),
    store: Store = Depends(get_store),
    principal: Principal | None = Depends(current_principal),
) -> dict[str, str]:
    """Delete a draft that was never published, or discard the draft of a new version."""
    with http_errors():
        return {"id": series_id, "result": service.delete(store, principal, series_id, if_match)}


# -- versions, diff, audit (declared before the catch-all action route) -----------------------------------------
@router.get("/series/{series_id}/versions")
def get_versions(series_id: str, store: Store = Depends(get_store)) -> JSONResponse:
    """The published versions of a series (public), oldest first."""
    versions = list_versions(store, series_id)
    if not versions:
        raise HTTPException(404, f"series {series_id!r} has no published versions")
    return JSONResponse({"id": series_id, "versions": versions}, headers={"ETag": f'"v{versions[-1]["version"]}"'})


@router.get("/series/{series_id}/versions/{number}")
def get_version(series_id: str, number: int, store: Store = Depends(get_store)) -> JSONResponse:
    """One published version, immutable (its ETag never changes)."""
    graph = service.version_copy(store, series_id, number)
    iri = resource_iri("serie", series_id)
    if (iri, None, None) not in graph:
        raise HTTPException(404, f"series {series_id!r} has no version {number}")
    meta = next((v for v in list_versions(store, series_id) if v["version"] == number), None)
    return JSONResponse(
        {"version": meta, "series": series_json(store, graph, iri)}, headers={"ETag": f'"{series_id}-v{number}"'}
    )


def _state_graph(store: Store, principal: Principal | None, slug: str, which: str) -> Graph:
    """`draft` (the caller must be allowed to see it), `published`, or a version number."""
    if which == "draft":
        rec, graph = service.view(store, principal, slug)
        if graph is None:
            raise service.NotFound(f"series {slug!r} has no working copy")
        return graph
    if which == "published":
        return service.published_copy(store, slug)
    if not which.isdigit():
        raise InputProblems([Problem("from/to", f"{which!r} is not a version", "a version number, draft or published")])
    graph = service.version_copy(store, slug, int(which))
    if len(graph) == 0:
        raise service.NotFound(f"series {slug!r} has no version {which}")
    return graph


@router.get("/series/{series_id}/diff")
def get_diff(
    series_id: str,
    request: Request,
    from_: str = Query(..., alias="from", description="version number, draft or published"),
    to: str = Query(..., description="version number, draft or published"),
    format: str | None = Query(None, description="json or html (default: by Accept)"),
    store: Store = Depends(get_store),
    principal: Principal | None = Depends(current_principal),
) -> Response:
    """Field-level differences between two versions (or a version and the working copy)."""
    with http_errors():
        iri = resource_iri("serie", series_id)
        changes = diff_graphs(
            _state_graph(store, principal, series_id, from_), _state_graph(store, principal, series_id, to), iri
        )
    html = format == "html" or (format is None and "text/html" in request.headers.get("accept", ""))
    if html:
        return hashed(None, diff_html(f"{series_id}: {from_} → {to}", changes))
    return hashed({"id": series_id, "from": from_, "to": to, "changes": changes})


@router.get("/audit")
def get_audit(
    series: str | None = Query(None, description="series id"),
    organisation: str | None = Query(None, description="organisation id (all its series)"),
    store: Store = Depends(get_store),
    principal: Principal | None = Depends(current_principal),
) -> Response:
    """The audit trail of a series or of an organisation, for its information managers."""
    with http_errors():
        if principal is None:
            raise service.Unauthenticated("this needs a bearer token")
        if series:
            rec = read_record(store, series)
            service.authorise(store, principal, Action.AUDIT, rec, series)
            return hashed({"series": series, "activities": audit.trail(store, series=resource_iri("serie", series))})
        if organisation:
            if not (principal.platform_admin or Role.INFORMATIEBEHEERDER in principal.roles_in(organisation)):
                raise service.NotFound(f"no organisation {organisation!r}")
            return hashed({"organisation": organisation, "activities": audit.trail(store, org=organisation)})
        raise InputProblems([Problem("series", "say whose audit trail", "?series=ID or ?organisation=ID")])


@router.post("/series/{series_id}/{action}")
async def act(
    series_id: str,
    action: str,
    request: Request,
    if_match: str | None = Header(None),
    store: Store = Depends(get_store),
    principal: Principal | None = Depends(current_principal),
) -> JSONResponse:
    """A workflow step: submit, return, forward, approve, reject, publish, withdraw, new-version.
    Body (optional): {"remarks": "..."}; return and reject require remarks."""
    with http_errors():
        if action not in ACTIONS:
            raise HTTPException(404, f"no action {action!r}; actions: {', '.join(ACTIONS)}")
        remarks = await _remarks(request)
        rec = service.transition(store, principal, series_id, ACTIONS[action], if_match, remarks)
        assert principal is not None
        if ACTIONS[action] in (Action.PUBLISH, Action.WITHDRAW):
            # the published description changed: bring the public search index up to date in the same request
            get_search(request, store, request.app.state.settings).index.index_resources(store, [str(rec.iri)])
        return answer(record_json(store, principal, rec), rec)


async def _remarks(request: Request) -> str | None:
    data = await request.body()
    if not data:
        return None
    try:
        body = json.loads(data)
    except json.JSONDecodeError as e:
        raise InputProblems([Problem("(body)", f"not JSON: {e.msg}", '{"remarks": "..."}')]) from None
    if not isinstance(body, dict) or not isinstance(body.get("remarks", ""), str):
        raise InputProblems([Problem("remarks", "must be a text", '{"remarks": "..."}')])
    return body.get("remarks")
