"""Application factory.

The API is stateless: everything lives in the store it is given, so several API processes can serve one remote
SPARQL store (`uvicorn --factory api.app:app_from_env --workers 4` with SERIEREGISTER_SPARQL set).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from api.routers import (
    dossiers,
    employee,
    health,
    mdto_xml,
    portal,
    resources,
    series,
    sparql,
    spreadsheet,
    templates,
    validate,
    writeside,
)
from api.templating import STATIC
from mdto import __version__
from mdto.settings import Settings
from mdto.store import QueryError, Store, StoreUnavailable, open_store


def create_app(store: Store, settings: Settings | None = None) -> FastAPI:
    app = FastAPI(
        title="Serieregister",
        version=__version__,
        description="Linked-data register of archival series and their records (MDTO).",
    )
    app.state.store = store
    app.state.settings = settings or Settings()

    @app.exception_handler(StoreUnavailable)
    async def _unavailable(_: Request, exc: StoreUnavailable) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(QueryError)
    async def _query_error(_: Request, exc: QueryError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=502)

    app.include_router(health.router)
    app.include_router(series.router)
    app.include_router(resources.router)
    app.include_router(sparql.router)
    app.include_router(mdto_xml.router)
    app.include_router(spreadsheet.router)
    app.include_router(validate.router)
    app.include_router(templates.router)
    app.include_router(dossiers.router)
    app.include_router(writeside.router)
    app.include_router(portal.router)
    app.include_router(employee.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def app_from_env() -> FastAPI:
    """Factory for uvicorn/gunicorn: settings from the environment, reference data loaded."""
    from mdto.refdata import load_reference

    settings = Settings.from_env()
    store = open_store(settings)
    load_reference(store)
    return create_app(store, settings)
