"""The employee view over HTTP: the session cookie, who sees which series, and what the pages refuse.

The register comes from the write side's test set-up (tests/writeside_support.py): Stad Leuven and Stad Turnhout
with one user per role, on the demo data.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from mdto.auth.directory import revoke_token
from mdto.store import Store
from tests.writeside_support import api_for, prepared_register, valid_body

DRAFT = "Dossiers over de aankoop van onroerende goederen"


@pytest.fixture
def register() -> Iterator[tuple[Store, dict[str, str], TestClient]]:
    """A register where Leuven's series manager has one draft; a browser-like client without a session."""
    store, tokens = prepared_register()
    r = api_for(store, tokens).create("sb-leuven", valid_body(DRAFT))
    assert r.status_code == 201, r.text
    with TestClient(create_app(store)) as client:
        yield store, tokens, client
    store.close()


def sign_in(client: TestClient, token: str) -> None:
    r = client.post("/medewerkers/aanmelden", data={"token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/medewerkers"


def test_without_a_session_every_page_sends_to_the_login(register) -> None:
    _, _, client = register
    for path in ("/medewerkers", "/medewerkers/serie/leuven-verzekeringen", "/medewerkers/serie/x/diff?van=1&naar=2"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/medewerkers/aanmelden", path


def test_login_sets_a_strict_http_only_cookie(register) -> None:
    _, tokens, client = register
    r = client.post("/medewerkers/aanmelden", data={"token": tokens["mw-leuven"]}, follow_redirects=False)
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("sr_sessie=sr_")
    for attribute in ("HttpOnly", "SameSite=strict", "Path=/medewerkers", "Max-Age=28800"):
        assert attribute in cookie, attribute
    assert "Secure" not in cookie  # plain http on loopback; over https the cookie is Secure


def test_a_wrong_or_empty_token_is_refused_with_401(register) -> None:
    _, _, client = register
    for token in ("sr_000000000000_nope", "", "Bearer x"):
        r = client.post("/medewerkers/aanmelden", data={"token": token})
        assert r.status_code == 401 and "onbekend, ingetrokken of verlopen" in r.text
        assert "set-cookie" not in r.headers


def test_an_employee_lists_the_drafts_of_the_organisation(register) -> None:
    _, tokens, client = register
    sign_in(client, tokens["mw-leuven"])
    r = client.get("/medewerkers")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store" and "Cookie" in r.headers["vary"]
    assert DRAFT in r.text and "Concept" in r.text
    assert "Klachtendossiers van Stad Leuven" in r.text  # published demo series of the organisation
    assert "Personeelsregistratie" not in r.text  # Turnhout's
    page = client.get("/medewerkers/serie/dossiers-over-de-aankoop-van-onroerende-goederen").text
    assert DRAFT in page and 'id="audit"' not in page


def test_another_organisation_gets_404_for_the_draft(register) -> None:
    _, tokens, client = register
    sign_in(client, tokens["ib-turnhout"])
    assert DRAFT not in client.get("/medewerkers").text
    r = client.get("/medewerkers/serie/dossiers-over-de-aankoop-van-onroerende-goederen")
    assert r.status_code == 404 and DRAFT not in r.text


def test_the_information_manager_sees_the_audit_trail(register) -> None:
    _, tokens, client = register
    sign_in(client, tokens["ib-leuven"])
    page = client.get("/medewerkers/serie/dossiers-over-de-aankoop-van-onroerende-goederen").text
    assert 'id="audit"' in page and "Aangemaakt" in page and "sb-leuven" in page
    assert "Nog geen gepubliceerde versies." in page


def test_diff_parameters_are_checked(register) -> None:
    _, tokens, client = register
    sign_in(client, tokens["ib-leuven"])
    r = client.get("/medewerkers/serie/leuven-verzekeringen/diff", params={"van": "vorige", "naar": "published"})
    assert r.status_code == 400
    assert "'vorige' is not a version; use a version number, draft or published" in unescape(r.text)
    r = client.get("/medewerkers/serie/leuven-verzekeringen/diff", params={"van": "7", "naar": "published"})
    assert r.status_code == 404 and "has no version 7" in r.text
    r = client.get("/medewerkers/serie/leuven-verzekeringen/diff", params={"van": "draft", "naar": "published"})
    assert r.status_code == 404 and "no working copy" in r.text


def test_revoking_the_token_ends_the_session_at_once(register) -> None:
    store, tokens, client = register
    sign_in(client, tokens["mw-leuven"])
    assert client.get("/medewerkers", follow_redirects=False).status_code == 200
    revoke_token(store, tokens["mw-leuven"])
    r = client.get("/medewerkers", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/medewerkers/aanmelden"


def test_sign_out_removes_the_cookie(register) -> None:
    _, tokens, client = register
    sign_in(client, tokens["mw-leuven"])
    r = client.post("/medewerkers/afmelden", follow_redirects=False)
    assert r.status_code == 303 and 'sr_sessie=""' in r.headers["set-cookie"]
    assert client.get("/medewerkers", follow_redirects=False).status_code == 303
