"""Shared set-up for the write-side tests: organisations, users with tokens, a valid series body, helpers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from fastapi.testclient import TestClient

from api.app import create_app
from mdto.auth.directory import COMMITTEE, add_organisation, add_user
from mdto.auth.policy import Role
from mdto.store import Store

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


def api_for(store: Store, tokens: dict[str, str]) -> Api:
    return Api(TestClient(create_app(store)), tokens)
