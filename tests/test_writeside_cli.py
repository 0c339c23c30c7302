"""`serieregister org`, `user` and `token`: tokens shown once and stored hashed, revocation, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from mdto.cli import main
from mdto.refdata import load_reference
from mdto.store import EmbeddedStore


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    s = EmbeddedStore(tmp_path / "store")
    load_reference(s)
    s.close()
    return tmp_path / "store"


def run(store_dir: Path, *args: str) -> int:
    return main(["--store", str(store_dir), *args])


def test_org_user_token_lifecycle(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(store_dir, "org", "add", "stad-leuven", "--name", "Stad Leuven", "--shortened-flow") == 0
    assert run(store_dir, "org", "add", "selectiecommissie-gemeenten", "--name", "SC Gemeenten", "--committee",
               "--scope", "gemeenten") == 0  # fmt: skip
    capsys.readouterr()
    assert run(store_dir, "user", "add", "An Archivaris", "--org", "stad-leuven", "--role", "informatiebeheerder") == 0
    out = capsys.readouterr()
    token = out.out.strip()
    assert token.startswith("sr_") and "shown once" in out.err
    token_id = token.split("_")[1]

    dump = store_dir.parent / "dump.nq"
    assert run(store_dir, "dump", "--out", str(dump)) == 0
    assert token not in dump.read_text() and token.split("_", 2)[2] not in dump.read_text()  # only the hash

    store = EmbeddedStore(store_dir)
    client = TestClient(create_app(store))
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/series/x/workflow", headers=headers).status_code == 404  # authenticated, no such series
    store.close()

    assert run(store_dir, "token", "revoke", token_id) == 0
    store = EmbeddedStore(store_dir)
    r = TestClient(create_app(store)).get("/series/x/workflow", headers=headers)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    store.close()
    assert run(store_dir, "org", "list") == 0
    listing = capsys.readouterr().out
    assert "stad-leuven\torganisatie\tStad Leuven\tshortened=true" in listing
    assert "scopes=gemeenten" in listing


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["org", "add", "Stad Leuven", "--name", "x"], "use lowercase letters"),
        (["org", "add", "nergens", "--name", "Nergens"], "not in the reference data"),
        (["org", "add", "selectiecommissie-gemeenten", "--name", "x", "--committee"], "needs at least one scope"),
        (["user", "add", "X", "--org", "onbekend", "--role", "seriebeheerder"], "no organisation 'onbekend'"),
        (["user", "add", "X", "--role", "seriebeheerder"], "needs --org"),
        (["token", "revoke", "abc123abc123"], "no token with id"),
    ],
)
def test_refusals_exit_1_with_a_reason(
    store_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert run(store_dir, *args) == 1
    assert message in capsys.readouterr().err


def test_committee_role_must_fit_the_organisation(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(store_dir, "org", "add", "stad-leuven", "--name", "Stad Leuven")
    assert run(store_dir, "user", "add", "X", "--org", "stad-leuven", "--role", "commissielid") == 1
    assert "does not fit" in capsys.readouterr().err
    assert run(store_dir, "user", "add", "Beheer", "--role", "platformbeheerder") == 0
