"""`/sparql`: the SPARQL 1.1 Protocol (query operation) over published data; see api/services/sparql_endpoint.py
for the dataset, the refusals and the limits."""

from __future__ import annotations

import threading
from urllib.parse import parse_qs

import anyio
from fastapi import APIRouter, Depends, Request
from fastapi.responses import PlainTextResponse, Response

from api.deps import get_settings, get_store
from api.services import sparql_endpoint as sp
from api.services.representations import negotiate
from mdto.settings import Settings
from mdto.store import Store

router = APIRouter(tags=["sparql"])
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type",
}
_lock = threading.Lock()


def get_evaluator(request: Request, settings: Settings = Depends(get_settings)) -> sp.Evaluator:
    state = request.app.state
    if getattr(state, "sparql", None) is None:
        with _lock:
            if getattr(state, "sparql", None) is None:
                state.sparql = sp.Evaluator(settings.sparql_timeout, settings.sparql_max_results)
    return state.sparql


def _error(e: sp.ProtocolError) -> Response:
    return PlainTextResponse(str(e) + "\n", e.status, headers=CORS)


async def _read_request(request: Request) -> tuple[str | None, list[str], list[str]]:
    """(query, default-graph-uri, named-graph-uri) from a GET or either kind of POST; refuses updates."""
    params = request.query_params
    defaults, named = params.getlist("default-graph-uri"), params.getlist("named-graph-uri")
    if request.method == "GET":
        if "update" in params:
            raise sp.ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted here")
        return params.get("query"), defaults, named
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = (await request.body()).decode("utf-8", "replace")
    if ctype == "application/sparql-update":
        raise sp.ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted here")
    if ctype == "application/sparql-query":
        return body, defaults, named
    if ctype == "application/x-www-form-urlencoded":
        form = parse_qs(body, keep_blank_values=True)
        if "update" in form:
            raise sp.ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted here")
        query = form.get("query", [None])[0]
        return query, defaults + form.get("default-graph-uri", []), named + form.get("named-graph-uri", [])
    raise sp.ProtocolError(
        415, f"unsupported Content-Type {ctype or '(none)'!r}; POST application/sparql-query or "
        "application/x-www-form-urlencoded with a `query` field"
    )  # fmt: skip


def _format(request: Request, kind: str) -> sp.ResultFormat:
    formats = sp.GRAPH_FORMATS if kind == "triples" else sp.SOLUTION_FORMATS
    wanted = request.query_params.get("format")
    if wanted:
        for f in formats:
            if f.format == wanted:
                return f
        raise sp.ProtocolError(
            400, f"format={wanted!r} does not fit this query; use one of {', '.join(f.format for f in formats)}"
        )
    chosen = negotiate(request.headers.get("accept"), formats)  # type: ignore[arg-type]
    if chosen is None:
        raise sp.ProtocolError(
            406,
            "none of the media types in Accept fits this query; available: " + ", ".join(f.media_type for f in formats),
        )
    return chosen  # type: ignore[return-value]


@router.api_route("/sparql", methods=["GET", "POST"], summary="SPARQL 1.1 query endpoint over published data")
async def sparql(
    request: Request, store: Store = Depends(get_store), evaluator: sp.Evaluator = Depends(get_evaluator)
) -> Response:
    try:
        query, defaults, named = await _read_request(request)
        if query is None:
            if request.method == "GET":
                body = sp.service_description(str(request.url_for("sparql")))
                return Response(body, media_type="text/turtle; charset=utf-8", headers=CORS)
            raise sp.ProtocolError(400, "no query: send it in the `query` field or as application/sparql-query")
        sp.check_query(query)
        default, named_graphs = sp.dataset(defaults, named)
        outcome = await anyio.to_thread.run_sync(evaluator.run, store, query, default, named_graphs)
        fmt = _format(request, outcome.kind)
        media = fmt.media_type + ("; charset=utf-8" if fmt.media_type.startswith("text/") else "")
        return Response(sp.serialize(outcome, fmt.format), media_type=media, headers={"Vary": "Accept", **CORS})
    except sp.ProtocolError as e:
        return _error(e)


@router.options("/sparql", include_in_schema=False)
def sparql_preflight() -> Response:
    return Response(status_code=204, headers={**CORS, "Access-Control-Max-Age": "86400"})
