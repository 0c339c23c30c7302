"""MDTO XML over HTTP: one resource's document, a series' SIP as a zip, and import of documents or zips."""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.background import BackgroundTask

from api.auth import require_bulk_importer
from api.deps import get_search, get_settings, get_store
from mdto.namespaces import GRAPH_PUBLISHED, resource_iri
from mdto.refdata import public_graphs
from mdto.settings import Settings
from mdto.store import Store
from mdto.xml import Document, MdtoXmlError, documents_from_zip, export_document, export_sip, import_documents
from mdto.xml.errors import NotConforming

router = APIRouter(tags=["mdto-xml"])
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
_KINDS = {"archief", "serie", "dossier", "stuk", "bestand", "informatieobject"}
XML = "application/xml"


def _iri(kind: str, slug: str) -> str:
    if kind not in _KINDS or not _SLUG.match(slug):
        raise HTTPException(404, f"no {kind} {slug!r}")
    return str(resource_iri(kind, slug))


@router.get("/mdto/{kind}/{slug}", response_class=Response, responses={200: {"content": {XML: {}}}})
def get_mdto(
    kind: str, slug: str, store: Store = Depends(get_store), settings: Settings = Depends(get_settings)
) -> Response:
    """The MDTO XML 1.0.1 document of one published resource."""
    try:
        data = export_document(store, _iri(kind, slug), public_graphs(), settings.xsd_path)
    except LookupError:
        raise HTTPException(404, f"no published {kind} {slug!r}") from None
    return Response(data, media_type=XML)


@router.get("/series/{series_id}/sip", response_class=FileResponse)
def get_sip(series_id: str, store: Store = Depends(get_store), settings: Settings = Depends(get_settings)):
    """The MDTO SIP of a published series, as a zip."""
    iri = _iri("serie", series_id)
    tmp = tempfile.TemporaryDirectory()
    target = Path(tmp.name) / f"{series_id}.zip"
    try:
        export_sip(store, iri, target, public_graphs(), settings.files_path, settings.xsd_path)
    except LookupError:
        tmp.cleanup()
        raise HTTPException(404, f"no published series {series_id!r}") from None
    return FileResponse(
        target, media_type="application/zip", filename=target.name, background=BackgroundTask(tmp.cleanup)
    )


@router.post("/import/mdto", status_code=201)
async def post_import(
    request: Request, store: Store = Depends(get_store), settings: Settings = Depends(get_settings)
) -> JSONResponse:
    """Import one MDTO XML document (application/xml) or an MDTO SIP (application/zip) into the published graph.
    Needs a platform administrator's token (401/403)."""
    require_bulk_importer(request)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype not in (XML, "text/xml", "application/zip"):
        raise HTTPException(415, "send application/xml (one MDTO document) or application/zip (an MDTO SIP)")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > settings.max_upload_bytes:
        raise HTTPException(413, f"the body is larger than the limit of {settings.max_upload_bytes} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > settings.max_upload_bytes:
            raise HTTPException(413, f"the body is larger than the limit of {settings.max_upload_bytes} bytes")
    try:
        if ctype == "application/zip":
            documents = documents_from_zip(io.BytesIO(bytes(body)), settings.max_upload_bytes, "upload.zip")
        else:
            documents = [Document("upload.xml", bytes(body))]
        if not documents:
            raise HTTPException(422, "the package holds no MDTO XML documents (*.mdto.xml)")
        result = import_documents(store, documents, settings.xsd_path, settings.files_path)
    except NotConforming as e:
        return JSONResponse({"detail": str(e).splitlines()[0], "report": e.report.to_dict()}, 422)
    except MdtoXmlError as e:
        raise HTTPException(e.status, str(e)) from None
    get_search(request, store, settings).index.index_resources(store, [str(i) for i in result.iris])
    return JSONResponse({"graph": str(GRAPH_PUBLISHED), "imported": [str(i) for i in result.iris]}, 201)
