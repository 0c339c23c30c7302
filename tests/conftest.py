"""Shared fixtures: real stores (embedded Oxigraph and an `oxigraph serve` process), the demo register, paths.

The remote store is a real Oxigraph server started on a free loopback port for the test session; every test
that uses it starts from an empty dataset.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from mdto.refdata import load_demo, load_reference
from mdto.store import EmbeddedStore, RemoteStore, Store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def oxigraph_binary() -> str:
    candidate = Path(sys.executable).parent / "oxigraph"
    found = str(candidate) if candidate.exists() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the `oxigraph` server binary is missing: pip install '.[test]' installs it")
    return found


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a real Oxigraph SPARQL server running for this test session."""
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    proc = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{base}/query?query=ASK%7B%7D")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def remote_store(base: str) -> RemoteStore:
    store = RemoteStore(f"{base}/query", f"{base}/update")
    store.update("DROP ALL")
    return store


@pytest.fixture(params=["embedded", "remote"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each kind: embedded on disk, and the Oxigraph server over HTTP."""
    if request.param == "embedded":
        s: Store = EmbeddedStore(tmp_path / "store")
    else:
        s = remote_store(request.getfixturevalue("oxigraph_server"))
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_store() -> Iterator[Store]:
    """An in-memory embedded store with the reference and demo data, shared by read-only tests."""
    s = EmbeddedStore(None)
    load_reference(s)
    load_demo(s)
    yield s


# -- the read side: the demo register on both stores, with data that must stay invisible -----------------------
SECRET_TTL = b"""@prefix mdto: <http://www.nationaalarchief.nl/mdto#> .
<https://w3id.org/serieregister/id/serie/geheim-concept> a mdto:Informatieobject ;
    mdto:naam "Geheime conceptserie over verzekeringen" ;
    mdto:omschrijving "Kladversie, nog niet gepubliceerd: verzekeringen" ;
    mdto:aggregatieniveau <https://w3id.org/serieregister/id/begrip/aggregatieniveaus/serie> ;
    mdto:archiefvormer <https://w3id.org/serieregister/id/actor/stad-leuven> ;
    mdto:identificatie [ a mdto:IdentificatieGegevens ;
        mdto:identificatieKenmerk "geheim-concept" ; mdto:identificatieBron "Serieregister" ] ;
    mdto:waardering <https://w3id.org/serieregister/id/begrip/waarderingen/b> ;
    mdto:beperkingGebruik [ a mdto:BeperkingGebruikGegevens ;
        mdto:beperkingGebruikType <https://w3id.org/serieregister/id/begrip/beperkinggebruiktypen/geen-beperking> ] .
"""
SECRET_GRAPHS = {
    "draft": "https://w3id.org/serieregister/graph/draft/geheim-concept",
    "system": "https://w3id.org/serieregister/graph/system",
}
SYSTEM_TTL = b"""<https://w3id.org/serieregister/id/serie/leuven-verzekeringen>
    <https://w3id.org/serieregister/def#wachtwoordHash> "systeemgeheim-4711" ."""


def load_secrets(s: Store) -> None:
    """A draft series in graph:draft/... and a private triple in graph:system, as the write side will hold them."""
    import pyoxigraph as ox

    from mdto.rdfio import parse_bytes

    for data, graph in ((SECRET_TTL, SECRET_GRAPHS["draft"]), (SYSTEM_TTL, SECRET_GRAPHS["system"])):
        quads = parse_bytes(data, "turtle").quads
        s.insert([ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(graph)) for q in quads])


@pytest.fixture(scope="module", params=["embedded", "remote"])
def read_store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """The demo register plus secrets, on the embedded store and on the Oxigraph server (for read-only tests)."""
    s: Store = (
        EmbeddedStore(None) if request.param == "embedded" else remote_store(request.getfixturevalue("oxigraph_server"))
    )
    load_reference(s)
    load_demo(s)
    load_secrets(s)
    yield s
    s.close()


@pytest.fixture(scope="module")
def read_client(read_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A TestClient of the whole API on `read_store`, with its own search index file."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from mdto.settings import Settings

    index = tmp_path_factory.mktemp("search") / "index.sqlite"
    with TestClient(
        create_app(read_store, Settings(search_index=index, sparql_timeout=5, sparql_max_results=500))
    ) as c:
        yield c


@pytest.fixture
def xsd_path() -> Path:
    """The official MDTO XML 1.0.1 schema, read from ../shared (never copied into the repository)."""
    path = SHARED / "mdto" / "xsd" / "MDTO-XML1.0.1.xsd"
    if not path.is_file():
        pytest.fail(f"{path} is missing: the tests need ../shared beside the checkout")
    return path
