"""Spreadsheet import over HTTP: `GET /import/template` and `POST /import/xlsx` (docs/spreadsheets.md).

The upload is a multipart form (any file field) or the raw body (.xlsx or .csv). Its size is checked against
`settings.max_upload_bytes` from Content-Length before anything is read, and again while reading, so an
oversized upload is refused with 413 without being held in memory.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.datastructures import UploadFile

from api.auth import current_principal
from api.deps import get_settings, get_store
from api.services import spreadsheet as service
from mdto.settings import Settings
from mdto.spreadsheet.importer import ImportConflict
from mdto.store import Store

router = APIRouter(tags=["spreadsheets"])

_NAME_BY_TYPE = {service.XLSX: "upload.xlsx", "text/csv": "upload.csv", "application/csv": "upload.csv"}


@router.get("/import/template", summary="The spreadsheet import template (.xlsx), generated")
def import_template(store: Store = Depends(get_store)) -> Response:
    """One sheet per kind, a column per field with a comment, drop-down lists of the concept schemes."""
    return Response(
        service.template_bytes(store),
        media_type=service.XLSX,
        headers={"Content-Disposition": 'attachment; filename="importsjabloon.xlsx"'},
    )


@router.post("/import/xlsx", summary="Import series, dossiers and stukken from a spreadsheet (.xlsx or .csv)")
async def import_xlsx(
    request: Request,
    dry_run: bool = Query(False, description="check and report, write nothing"),
    report: Literal["json", "text", "xlsx"] = Query("json", description="report format; xlsx = the marked workbook"),
    filename: str | None = Query(None, description="name of a raw-body upload (.xlsx or .csv), to break ties"),
    organisation: str | None = Query(
        None,
        description="the organisation that holds new series (default: the one whose actors include the "
        "row's bewaargever or archiefvormer, else your only organisation)",
    ),
    store: Store = Depends(get_store),
    settings: Settings = Depends(get_settings),
) -> Response:
    """200 imported (or a clean dry run), 422 rows refused (nothing written), 400/413/415 unusable file, 409 a
    series changed while the import ran (nothing written).

    A real import needs a bearer token: every row is authorised as the write side authorises it, and new series,
    new versions, dossiers and stukken are written as drafts, audited. A dry run without a token checks
    everything but the rights."""
    principal = current_principal(request)
    if principal is None and not dry_run:
        raise HTTPException(
            401,
            "an import needs Authorization: Bearer <token>; check a file without one with ?dry_run=true",
            headers={"WWW-Authenticate": "Bearer"},
        )
    data, name = await _read_upload(request, settings.max_upload_bytes)
    try:
        outcome = await run_in_threadpool(
            service.run_import, store, data, filename or name, dry_run, report == "xlsx", principal, organisation
        )
    except ImportConflict as e:
        raise HTTPException(409, str(e)) from None
    if report == "xlsx" and outcome.marked is not None:
        return Response(
            outcome.marked,
            status_code=outcome.status,
            media_type=service.XLSX,
            headers={"Content-Disposition": 'attachment; filename="importverslag.xlsx"'},
        )
    if report == "text":
        return PlainTextResponse(outcome.report.to_text(), status_code=outcome.status)
    return JSONResponse(outcome.report.to_json(), status_code=outcome.status)


async def _read_upload(request: Request, limit: int) -> tuple[bytes, str | None]:
    too_large = HTTPException(413, f"het bestand is groter dan {limit} bytes")
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise too_large
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        form = await request.form(max_files=1)
        upload = next((v for v in form.values() if isinstance(v, UploadFile)), None)
        if upload is None:
            raise HTTPException(400, "het formulier bevat geen bestand (veld 'file')")
        data = await upload.read(limit + 1)
        name = upload.filename
    else:
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise too_large
            chunks.append(chunk)
        data, name = b"".join(chunks), _NAME_BY_TYPE.get(content_type)
    if len(data) > limit:
        raise too_large
    return data, name
