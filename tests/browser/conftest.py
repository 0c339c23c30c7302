"""Browser fixtures: the register served by a real `serieregister serve` process on a free loopback port, and
one headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) for the whole session.

No browser is ever downloaded: Playwright is pointed at the system Chromium. When it is missing the tests FAIL
with the install line, they do not skip. Screenshots go to test-artifacts/browser/ (gitignored).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from mdto.auth.directory import add_organisation, add_user
from mdto.auth.policy import Role
from mdto.refdata import load_demo, load_reference
from mdto.store import EmbeddedStore
from tests.conftest import REPO, free_port, wait_for_http

CHROMIUM = Path(os.environ.get("SERIEREGISTER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = REPO / "test-artifacts" / "browser"

ID = "https://w3id.org/serieregister/id/"
INFORMATION_MANAGER, EMPLOYEE, OTHER_ORG = "Ilse Informatiebeheerder", "Mo Medewerker", "Tom Turnhout"
USERS = {
    INFORMATION_MANAGER: ("gemeente-machelen", Role.INFORMATIEBEHEERDER),
    EMPLOYEE: ("gemeente-machelen", Role.MEDEWERKER),
    OTHER_ORG: ("stad-turnhout", Role.INFORMATIEBEHEERDER),
}
VERSIONED = "machelen-budgetten-begrotingen"  # published demo series that gets versions through the workflow
VERSION_2_TEXT = "De budgetten en begrotingen van de gemeente, met hun wijzigingen (versie 2)."
DRAFT_TEXT = "De budgetten en begrotingen van de gemeente: concepttekst die nog niet gepubliceerd is."
NEW_DRAFT = {
    "naam": "Dossiers over de aankoop van voertuigen",
    "omschrijving": "Aankoopdossiers van de voertuigen van de gemeente.",
    "toepassingsgebied": [ID + "begrip/toepassingsgebieden/gemeenten"],
    "bewaargever": ID + "actor/gemeente-machelen",
    "archiefvormer": [ID + "actor/gemeente-machelen"],
    "waardering": ID + "begrip/waarderingen/b",
    "beperkingGebruik": ID + "begrip/beperkinggebruiktypen/geen-beperking",
}


def launch_chromium(playwright: object, executable: Path) -> object:
    """Chromium at `executable`; a clear failure (never a skip, never a download) when it is not there."""
    if not executable.is_file():
        pytest.fail(
            f"headless Chromium is missing at {executable}: install it with `apt-get install -y chromium` "
            "(or point SERIEREGISTER_CHROMIUM at a Chromium binary); the browser tests never download one"
        )
    return playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Portal:
    url: str
    tokens: dict[str, str]  # user name -> API token


def prepare_register(path: Path) -> dict[str, str]:
    """The demo register on disk with two organisations and users (before the server holds the store)."""
    store = EmbeddedStore(path)
    try:
        load_reference(store)
        load_demo(store)
        add_organisation(store, "gemeente-machelen", "Gemeente Machelen", shortened_flow=True)
        add_organisation(store, "stad-turnhout", "Stad Turnhout")
        return {name: add_user(store, name, org, role)[1] for name, (org, role) in USERS.items()}
    finally:
        store.close()


def run_workflow(base: str, tokens: dict[str, str]) -> None:
    """Through the write side's HTTP API: a published series gets version 2 and then a pending draft, and a new
    series is drafted and never published (it must stay invisible to the public)."""
    ib = {"Authorization": f"Bearer {tokens[INFORMATION_MANAGER]}"}
    with httpx.Client(base_url=base, headers=ib, timeout=30) as c:

        def step(method: str, path: str, **kwargs: object) -> None:
            etag = c.get(f"/series/{VERSIONED}/workflow").headers.get("etag", "")
            r = c.request(method, path, headers={"If-Match": etag}, **kwargs)  # type: ignore[arg-type]
            assert r.status_code == 200, r.text

        step("POST", f"/series/{VERSIONED}/new-version")
        step("PATCH", f"/series/{VERSIONED}", json={"omschrijving": VERSION_2_TEXT})
        step("POST", f"/series/{VERSIONED}/publish")
        step("POST", f"/series/{VERSIONED}/new-version")
        step("PATCH", f"/series/{VERSIONED}", json={"omschrijving": DRAFT_TEXT})
        r = c.post("/series", json=NEW_DRAFT, params={"organisation": "gemeente-machelen"})
        assert r.status_code == 201, r.text


@pytest.fixture(scope="session")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    """`serieregister serve --demo` (uvicorn) in its own process on an embedded store in a temporary directory,
    with organisations, users and some workflow history."""
    port = free_port()
    store = tmp_path_factory.mktemp("portal") / "store"
    tokens = prepare_register(store)
    log = tmp_path_factory.mktemp("portal-log") / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mdto", "--store", str(store), "serve", "--demo", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=REPO,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_for_http(f"{base}/health", timeout=60)
        except Exception:
            pytest.fail(f"the portal did not start; its log:\n{log.read_text(errors='replace')}")
        run_workflow(base, tokens)
        yield Portal(base, tokens)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def portal_url(portal: Portal) -> str:
    return portal.url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the `playwright` Python package is missing: pip install '.[test]'")
    with sync_playwright() as p:
        b = launch_chromium(p, CHROMIUM)
        yield b
        b.close()  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def desktop(browser: object, portal_url: str) -> Iterator[object]:
    """One desktop-sized browser context for the session (a new context costs about a second here)."""
    context = browser.new_context(base_url=portal_url, viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(desktop: object) -> Iterator[object]:
    """A page in the desktop context, without the cookies earlier tests left (the language choice)."""
    desktop.clear_cookies()  # type: ignore[attr-defined]
    pg = desktop.new_page()  # type: ignore[attr-defined]
    yield pg
    pg.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def shot(page: object, artifacts: Path, name: str, full_page: bool = False) -> Path:
    """A screenshot kept as a test artefact; the path is printed (pytest -s, or shown on failure). The visible
    part only unless `full_page` (a full-page shot costs over a second in software rendering)."""
    path = artifacts / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)  # type: ignore[attr-defined]
    print(f"screenshot: {path}")
    return path


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if ARTIFACTS.is_dir() and any(ARTIFACTS.glob("*.png")):
        terminalreporter.write_line(f"browser screenshots: {ARTIFACTS}")
