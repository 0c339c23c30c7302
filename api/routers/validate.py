"""`POST /validate`: RDF in (syntax by Content-Type), the SHACL report out (JSON or Turtle by Accept)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from api.deps import get_settings
from api.services import validation as service
from mdto.rdfio import RdfSyntaxError, UnknownFormatError
from mdto.settings import Settings
from mdto.validation import render

router = APIRouter(tags=["validation"])


@router.post("/validate")
async def validate(
    request: Request,
    profile: str = Query("mdto", pattern="^(mdto|register)$", description="mdto or register"),
    settings: Settings = Depends(get_settings),
) -> Response:
    """Validate the RDF in the body; 200 with the report whether or not it conforms (see `conforms`)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > settings.max_upload_bytes:
        raise HTTPException(413, f"the body is larger than {settings.max_upload_bytes} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > settings.max_upload_bytes:
            raise HTTPException(413, f"the body is larger than {settings.max_upload_bytes} bytes")
    try:
        report = service.validate_body(bytes(body), request.headers.get("content-type", ""), profile)
    except UnknownFormatError as e:
        raise HTTPException(415, str(e)) from None
    except RdfSyntaxError as e:
        detail = {"message": e.reason, "line": e.line, "column": e.column}
        return JSONResponse({"detail": detail}, status_code=400)
    if "text/turtle" in request.headers.get("accept", ""):
        return Response(render(report, "turtle"), media_type="text/turtle")
    return JSONResponse(report.to_dict())
