"""`/health`: is the API up and can it reach its store."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from api.deps import get_store
from mdto import __version__
from mdto.store import Store, StoreError

router = APIRouter(tags=["health"])


@router.get("/health")
def health(store: Store = Depends(get_store)) -> JSONResponse:
    try:
        store.ask("ASK { }")
    except StoreError as e:
        return JSONResponse({"status": "unavailable", "store": store.description, "detail": str(e)}, 503)
    return JSONResponse({"status": "ok", "version": __version__, "store": store.description})
