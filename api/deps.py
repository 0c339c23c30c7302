"""Request dependencies: the store and settings the application was created with."""

from __future__ import annotations

import threading

from fastapi import Depends, Request

from api.services.search import SearchService
from mdto.search import SearchIndex, index_path_for
from mdto.settings import Settings
from mdto.store import Store

_search_lock = threading.Lock()


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_search(
    request: Request, store: Store = Depends(get_store), settings: Settings = Depends(get_settings)
) -> SearchService:
    """The application's search service, opened on first use (and built from the store if never built)."""
    state = request.app.state
    if getattr(state, "search", None) is None:
        with _search_lock:
            if getattr(state, "search", None) is None:
                state.search = SearchService(store, SearchIndex(index_path_for(store, settings)))
    return state.search
