"""Template series over HTTP: deriving is `POST /series?from_template=ID`; these routes follow template updates.
Included before the write-side router, whose `POST /series/{id}/{action}` would otherwise take them."""

from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse, Response

from api.auth import current_principal
from api.deps import get_store
from api.routers.writeside import answer, hashed, http_errors, record_json
from mdto.auth.directory import Principal
from mdto.store import Store
from mdto.writeside import templates
from mdto.writeside.problems import InputProblems, Problem

router = APIRouter(tags=["template series"])


@router.get("/series/{series_id}/template-updates")
def template_updates(
    series_id: str, store: Store = Depends(get_store), principal: Principal | None = Depends(current_principal)
) -> Response:
    """The template's changes since the version this series was derived from, with this series' values."""
    with http_errors():
        return hashed(templates.updates(store, principal, series_id))


@router.post("/series/{series_id}/adopt-template")
async def adopt_template(
    series_id: str,
    request: Request,
    if_match: str | None = Header(None),
    store: Store = Depends(get_store),
    principal: Principal | None = Depends(current_principal),
) -> JSONResponse:
    """Adopt some of the template's changes into the draft: body {"fields": ["naam", ...]}."""
    with http_errors():
        try:
            body = json.loads(await request.body() or b"{}")
        except json.JSONDecodeError as e:
            raise InputProblems([Problem("(body)", f"not JSON: {e.msg}", '{"fields": [...]}')]) from None
        fields = body.get("fields") if isinstance(body, dict) else None
        if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
            raise InputProblems([Problem("fields", "a list of field keys", '{"fields": ["naam"]}')])
        rec = templates.adopt(store, principal, series_id, if_match, fields)
        assert principal is not None
        return answer(record_json(store, principal, rec), rec)
