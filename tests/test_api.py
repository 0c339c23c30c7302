"""The API skeleton: /health and read-only series JSON over the demo register."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from mdto.store import Store
from tests.conftest import free_port, wait_for_http


@pytest.fixture(scope="module")
def client(demo_store: Store) -> TestClient:
    return TestClient(create_app(demo_store))


def test_health(client: TestClient) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"


def test_series_lists_the_demo_series(client: TestClient) -> None:
    body = client.get("/series", params={"size": 100}).json()
    names = {item["naam"] for item in body["items"]}
    assert body["total"] == len(body["items"]) >= 12
    assert {
        "Dossiers over het afsluiten en opvolgen van verzekeringen",
        "Overnamedossiers van privaatrechtelijke bibliotheken door de Stad",
        "Personeelsregistratie",
        "Personeelsdossiers van onderwijzend personeel dat niet meer actief is in het onderwijs",
        "Jeugd(werk)beleidsplannen",
        "Budgetten - begrotingen",
        "Kohieren of invorderingsstaten",
        "Attesten van poliovacinatie",
        "Inningsopdrachten (aanslagbiljetten) op basis van de belastingkohieren",
        "Staten van oninbaarheden",
        "Jaarrekeningen",
        "Dossiers inzake de aankoop van onroerende goederen",
    } <= names


def test_paging(client: TestClient) -> None:
    first = client.get("/series", params={"size": 5, "page": 1}).json()
    second = client.get("/series", params={"size": 5, "page": 2}).json()
    assert len(first["items"]) == len(second["items"]) == 5
    assert not {i["iri"] for i in first["items"]} & {i["iri"] for i in second["items"]}
    assert client.get("/series", params={"size": 0}).status_code == 422


def test_one_series_with_labels(client: TestClient) -> None:
    listing = client.get("/series", params={"size": 100}).json()["items"]
    leuven = next(i for i in listing if i["naam"].startswith("Dossiers over het afsluiten"))
    body = client.get(f"/series/{leuven['id']}").json()
    assert body["bewaargever"]["label"] == "Stad Leuven"
    assert body["archiefvormer"][0]["label"] == "Autonoom Gemeentebedrijf Stadsontwikkeling Leuven"
    assert body["proces"]["label"] == "Opvolgen van zaken m.b.t. de verzekeringspolissen"
    assert body["toepassingsgebied"][0]["label"] == "Gemeenten"


@pytest.mark.parametrize("bad", ["does-not-exist", "a b", "x>y", "%22%7D"])
def test_unknown_series_is_404(client: TestClient, bad: str) -> None:
    r = client.get(f"/series/{bad}")
    assert r.status_code == 404
    assert "no published series" in r.json()["detail"]


def test_path_traversal_is_not_a_series(client: TestClient) -> None:
    assert client.get("/series/..%2F..%2Fetc").status_code == 404


def test_serve_demo_command_answers_over_http(tmp_path: Path) -> None:
    """The README's start command, for real: a uvicorn process on a free port."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mdto", "--store", str(tmp_path / "store"), "serve", "--demo", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/health", timeout=30)
        assert httpx.get(f"http://127.0.0.1:{port}/health").json()["status"] == "ok"
        assert httpx.get(f"http://127.0.0.1:{port}/series").json()["total"] >= 12
    finally:
        proc.terminate()
        proc.wait(timeout=10)
