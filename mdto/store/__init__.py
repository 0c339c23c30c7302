"""Stores: one interface (`Store`), an embedded and a remote implementation, and `open_store` to pick one."""

from __future__ import annotations

from mdto.settings import Settings
from mdto.store.base import QueryError, Row, Store, StoreError, StoreUnavailable
from mdto.store.embedded import EmbeddedStore
from mdto.store.remote import RemoteStore

__all__ = [
    "EmbeddedStore",
    "QueryError",
    "RemoteStore",
    "Row",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "open_store",
]


def open_store(settings: Settings) -> Store:
    """The store the settings name: a remote endpoint when one is configured, else the embedded directory."""
    if settings.remote:
        assert settings.sparql_query is not None
        return RemoteStore(
            settings.sparql_query,
            settings.sparql_update,
            settings.sparql_user,
            settings.sparql_password,
            settings.sparql_auth,
        )
    return EmbeddedStore(settings.store_path)
