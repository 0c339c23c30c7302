"""Request dependencies: the store and settings the application was created with."""

from __future__ import annotations

from fastapi import Request

from mdto.settings import Settings
from mdto.store import Store


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings
