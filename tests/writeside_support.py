"""Shared set-up for the write-side tests: organisations, users with tokens, a valid series body, helpers."""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from mdto.auth.directory import COMMITTEE, add_organisation, add_user
from mdto.auth.policy import Role
from mdto.refdata import load_demo, load_reference
from mdto.settings import Settings
from mdto.store import EmbeddedStore, Store
from tests.conftest import free_port, wait_for_http

ID = "https://w3id.org/serieregister/id/"

# user name -> (organisation, role); organisation None for the platform administrator
USERS: dict[str, tuple[str | None, Role]] = {
    "ib-leuven": ("stad-leuven", Role.INFORMATIEBEHEERDER),
    "sb-leuven": ("stad-leuven", Role.SERIEBEHEERDER),
    "mw-leuven": ("stad-leuven", Role.MEDEWERKER),
    "ib-turnhout": ("stad-turnhout", Role.INFORMATIEBEHEERDER),
    "sb-turnhout": ("stad-turnhout", Role.SERIEBEHEERDER),
    "mw-turnhout": ("stad-turnhout", Role.MEDEWERKER),
    "cl-gemeenten": ("selectiecommissie-gemeenten", Role.COMMISSIELID),
    "cl-provincies": ("selectiecommissie-provincies", Role.COMMISSIELID),
    "pb": (None, Role.PLATFORMBEHEERDER),
}


def valid_body(naam: str = "Dossiers over de aankoop van onroerende goederen", **extra: Any) -> dict[str, Any]:
    """A series of Stad Leuven that conforms to the register profile."""
    return {
        "naam": naam,
        "omschrijving": "Aankoopdossiers met de akte, het schattingsverslag en de beslissing van de raad.",
        "toepassingsgebied": [ID + "begrip/toepassingsgebieden/gemeenten"],
        "bewaargever": ID + "actor/stad-leuven",
        "archiefvormer": [ID + "actor/stad-leuven"],
        "proces": ID + "begrip/processen/p-1-1-1",
        "geldigVan": "2020",
        "waardering": ID + "begrip/waarderingen/b",
        "openbaarheid": ID + "begrip/openbaarheidsregimes/openbaar",
        "beperkingGebruik": ID + "begrip/beperkinggebruiktypen/geen-beperking",
    } | extra


def setup_register(store: Store, shortened: bool = False) -> dict[str, str]:
    """Organisations of the demo (Leuven with its AGB, Turnhout, two committees) and one user per role."""
    add_organisation(store, "stad-leuven", "Stad Leuven", shortened_flow=shortened)
    add_organisation(store, "stad-turnhout", "Stad Turnhout")
    add_organisation(store, "selectiecommissie-gemeenten", "Selectiecommissie Gemeenten", kind=COMMITTEE,
                     scopes=["gemeenten"])  # fmt: skip
    add_organisation(store, "selectiecommissie-provincies", "Selectiecommissie Provincies", kind=COMMITTEE,
                     scopes=["provincies"])  # fmt: skip
    return {name: add_user(store, name, org, role)[1] for name, (org, role) in USERS.items()}


_PREPARED: dict[str, tuple[list, dict[str, str]]] = {}


def prepared_register(demo: bool = True) -> tuple[EmbeddedStore, dict[str, str]]:
    """An in-memory store with reference data (and the demo), organisations and users: built once per test
    session and copied into a fresh store for every test, because building it costs far more than copying."""
    key = "demo" if demo else "reference"
    if key not in _PREPARED:
        seed = EmbeddedStore(None)
        load_reference(seed)
        if demo:
            load_demo(seed)
        tokens = setup_register(seed)
        _PREPARED[key] = (list(seed.oxigraph), tokens)
    quads, tokens = _PREPARED[key]
    store = EmbeddedStore(None)
    store.restore(quads)
    return store, tokens


@dataclass
class Api:
    """A test client with the users' tokens; every call names who makes it."""

    client: TestClient | httpx.Client
    tokens: dict[str, str]

    def h(self, user: str | None, etag: str | None = None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.tokens[user]}"} if user else {}
        if etag:
            headers["If-Match"] = etag
        return headers

    def create(self, user: str, body: dict[str, Any] | None = None, **params: str) -> httpx.Response:
        return self.client.post("/series", json=body or valid_body(), headers=self.h(user), params=params)

    def etag(self, user: str, slug: str) -> str:
        r = self.client.get(f"/series/{slug}/workflow", headers=self.h(user))
        assert r.status_code == 200, r.text
        return r.headers["etag"]

    def act(self, user: str, slug: str, action: str, remarks: str | None = None) -> httpx.Response:
        etag = self.etag(user, slug) if user in self.tokens else None
        body = {"remarks": remarks} if remarks else None
        return self.client.post(f"/series/{slug}/{action}", json=body, headers=self.h(user, etag))


def app_for(store: Store) -> FastAPI:
    """The application, with its search index in a temporary file (a remote store's default is the working
    directory)."""
    return create_app(store, Settings(search_index=Path(tempfile.mkdtemp(prefix="writeside-")) / "index.sqlite"))


def api_for(store: Store, tokens: dict[str, str]) -> Api:
    return Api(TestClient(app_for(store)), tokens)


@contextmanager
def served(store: Store) -> Iterator[str]:
    """The API on a real uvicorn server in a thread (loopback, free port): its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app_for(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/health")
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)
