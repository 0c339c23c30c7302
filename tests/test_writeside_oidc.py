"""OpenID Connect bearer tokens: signed by a key pair the test generates, the JWKS served from a loopback HTTP
server (and from a file URL), verified for signature, issuer, audience, expiry and roles."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient

from api.app import create_app
from mdto.auth.oidc import OidcSettings
from tests.writeside_support import prepared_register, valid_body

ISSUER = "https://login.example.test/realms/vlaanderen"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def jwks(key: rsa.RSAPrivateKey, kid: str) -> bytes:
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    return json.dumps({"keys": [jwk | {"kid": kid, "use": "sig", "alg": "RS256"}]}).encode()


def token(key: rsa.RSAPrivateKey, kid: str = "k1", **claims: object) -> str:
    now = int(time.time())
    body = {"iss": ISSUER, "aud": "serieregister", "sub": "an.archivaris@leuven.be", "name": "An Archivaris",
            "iat": now, "exp": now + 300, "serieregister_roles": ["stad-leuven:seriebeheerder"]} | claims  # fmt: skip
    return jwt.encode(body, key, algorithm="RS256", headers={"kid": kid})


def bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}


@pytest.fixture(scope="module")
def key() -> rsa.RSAPrivateKey:
    return new_key()


@pytest.fixture(scope="module")
def jwks_url(key: rsa.RSAPrivateKey) -> Iterator[str]:
    data = jwks(key, "k1")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            return

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/jwks.json"
    server.shutdown()


def client_with(url: str | None) -> TestClient:
    store, _ = prepared_register()
    app = create_app(store)
    app.state.oidc = OidcSettings(issuer=ISSUER, audience="serieregister", jwks_url=url) if url else OidcSettings()
    return TestClient(app)


def test_a_valid_token_acts_with_its_roles(key: rsa.RSAPrivateKey, jwks_url: str) -> None:
    c = client_with(jwks_url)
    r = c.post("/series", json=valid_body(), headers=bearer(token(key)))
    assert r.status_code == 201, r.text
    slug = r.json()["id"]
    assert r.json()["actions"] == ["edit", "delete", "submit"]
    manager = bearer(token(key, serieregister_roles=["stad-leuven:informatiebeheerder"]))
    trail = c.get("/audit", params={"series": slug}, headers=manager)
    assert trail.status_code == 200
    assert trail.json()["activities"][0]["agent"].endswith("/gebruiker/oidc-an-archivaris-leuven-be")
    assert trail.json()["activities"][0]["agent_name"] == "An Archivaris"
    other = bearer(token(key, serieregister_roles="stad-turnhout:seriebeheerder"))
    assert c.get(f"/series/{slug}/draft", headers=other).status_code == 404


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"aud": "iets-anders"}, "audience"),
        ({"iss": "https://evil.example.test"}, "issuer"),
        ({"exp": int(time.time()) - 3600}, "expired"),
        ({"serieregister_roles": ["stad-leuven:baas"]}, "unknown role"),
        ({"serieregister_roles": ["seriebeheerder"]}, "needs an organisation"),
    ],
)
def test_invalid_tokens_are_refused(key: rsa.RSAPrivateKey, jwks_url: str, claims: dict, reason: str) -> None:
    r = client_with(jwks_url).post("/series", json=valid_body(), headers=bearer(token(key, **claims)))
    assert r.status_code == 401 and reason in r.json()["detail"].lower()
    assert r.headers["www-authenticate"] == "Bearer"


def test_a_token_signed_by_another_key_is_refused(jwks_url: str) -> None:
    r = client_with(jwks_url).get("/series/x/workflow", headers=bearer(token(new_key())))
    assert r.status_code == 401 and "signature" in r.json()["detail"].lower()


def test_jwks_from_a_file_url(tmp_path: Path) -> None:
    key = new_key()
    path = tmp_path / "jwks.json"
    path.write_bytes(jwks(key, "file-key"))
    r = client_with(path.as_uri()).get("/series/x/workflow", headers=bearer(token(key, "file-key")))
    assert r.status_code == 404  # authenticated; the series does not exist


def test_without_oidc_settings_only_api_tokens_count(key: rsa.RSAPrivateKey) -> None:
    r = client_with(None).get("/series/x/workflow", headers=bearer(token(key)))
    assert r.status_code == 401 and "not configured" in r.json()["detail"]
