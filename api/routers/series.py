"""Read-only JSON for series (`GET /series`, `GET /series/{id}`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query

from api.deps import get_store
from api.services import series as service
from mdto.store import Store

router = APIRouter(tags=["series"])


@router.get("/series")
def list_series(
    page: int = Query(1, ge=1, description="page number, from 1"),
    size: int = Query(20, ge=1, le=200, description="hits per page"),
    store: Store = Depends(get_store),
) -> dict[str, Any]:
    """Published series, ordered by name."""
    return service.list_series(store, page, size)


@router.get("/series/{series_id}")
def get_series(series_id: str, store: Store = Depends(get_store)) -> dict[str, Any]:
    """One published series with every field of the register, IRIs with their labels."""
    try:
        return service.get_series(store, series_id)
    except service.NotFound as e:
        raise HTTPException(404, str(e)) from None
