"""axe-core (bundled by axe-playwright-python, runs offline) over the main portal pages (search, series, process
concept, actor), in Dutch and some in English, on a desktop and a phone: no serious or critical violation; the
others are printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import shot

PAGES = {
    "search": "/",
    "search-filtered": "/?q=personeel&beheerder=actor/stad-turnhout&sort=-date&size=2",
    "series": "/id/serie/leuven-klachtendossiers",
    "process": "/id/begrip/processen/p-1-1",
    "actor": "/id/actor/agb-stadsontwikkeling-leuven",
}
BLOCKING = {"serious", "critical"}
# WCAG 2.1 A and AA plus axe's best practices (landmarks, one h1, skip link target, ...)
OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def check(page, axe: Axe, name: str, artifacts: Path) -> None:
    result = axe.run(page, options=OPTIONS).response
    assert result["testEngine"]["name"] == "axe-core" and result["passes"], "axe did not run"
    blocking, other = [], []
    for v in result["violations"]:
        line = (
            f"{name}: {v['id']} ({v['impact']}) x{len(v['nodes'])}: {v['help']} {[n['target'] for n in v['nodes'][:3]]}"
        )
        (blocking if v["impact"] in BLOCKING else other).append(line)
    for line in other:
        print("axe (not serious):", line)
    if blocking:
        shot(page, artifacts, f"axe-{name}", full_page=True)
    assert not blocking, "\n".join(blocking)


CASES = [(name, "nl") for name in PAGES] + [("search", "en"), ("series", "en")]


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_no_serious_accessibility_violations(page, axe: Axe, artifacts: Path, name: str, lang: str) -> None:
    sep = "&" if "?" in PAGES[name] else "?"
    page.goto(f"{PAGES[name]}{sep}lang={lang}")
    check(page, axe, f"{name}-{lang}", artifacts)


def test_no_serious_accessibility_violations_on_a_phone(browser, portal_url: str, axe: Axe, artifacts: Path) -> None:
    context = browser.new_context(base_url=portal_url, viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(PAGES["series"])
    check(page, axe, "series-phone", artifacts)
    context.close()


def test_the_check_catches_a_serious_violation(page, axe: Axe, artifacts: Path) -> None:
    """So that a clean result above means something: an unlabelled field is a critical violation."""
    page.set_content('<html lang="nl"><title>x</title><main><h1>x</h1><input type="text"></main></html>')
    with pytest.raises(AssertionError, match=r"label \(critical\)"):
        check(page, axe, "deliberately-broken", artifacts)
