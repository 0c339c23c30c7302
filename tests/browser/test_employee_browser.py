"""The employee view in a real browser: sign in with an API token, the organisation's series with their drafts,
and for the information manager the versions, the diff and the audit trail. The register behind it got its
history through the write side's HTTP API (tests/browser/conftest.py, run_workflow)."""

from __future__ import annotations

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import (
    DRAFT_TEXT,
    EMPLOYEE,
    INFORMATION_MANAGER,
    NEW_DRAFT,
    OTHER_ORG,
    VERSION_2_TEXT,
    VERSIONED,
    Portal,
    shot,
)
from tests.browser.test_accessibility import check

NEW_SLUG = "dossiers-over-de-aankoop-van-voertuigen"


def sign_in(page, portal: Portal, user: str) -> None:
    page.goto("/medewerkers")
    page.wait_for_url("**/medewerkers/aanmelden")
    page.get_by_label("API-sleutel").fill(portal.tokens[user])
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/medewerkers")


def test_sign_in_refuses_a_wrong_token(page, artifacts: Path) -> None:
    page.goto("/medewerkers/aanmelden")
    page.get_by_label("API-sleutel").fill("sr_000000000000_niet-geldig")
    response_status = []
    page.on("response", lambda r: response_status.append(r.status) if r.request.method == "POST" else None)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_selector("#login-error")
    assert response_status == [401]
    assert "onbekend, ingetrokken of verlopen" in page.locator("#login-error").inner_text()
    assert page.get_by_label("API-sleutel").get_attribute("aria-invalid") == "true"
    assert not [c for c in page.context.cookies() if c["name"] == "sr_sessie"]
    shot(page, artifacts, "employee-login-refused")


def test_employee_sees_the_organisations_series_with_drafts(page, portal: Portal, artifacts: Path) -> None:
    sign_in(page, portal, EMPLOYEE)
    cookie = next(c for c in page.context.cookies() if c["name"] == "sr_sessie")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/medewerkers"
    assert page.get_by_role("heading", name="Gemeente Machelen").count() == 1
    rows = {r.split("\t")[0]: r for r in page.locator("tbody tr").all_inner_texts()}
    assert rows[NEW_DRAFT["naam"]].split("\t")[1] == "Concept"
    assert any("Budgetten" in name and "Concept" in row for name, row in rows.items())
    assert any("Jaarrekeningen" in name and "Gepubliceerd" in row for name, row in rows.items())
    assert not any("Turnhout" in name for name in rows)
    shot(page, artifacts, "employee-list")
    page.get_by_role("link", name="Budgetten - begrotingen").click()
    page.wait_for_url(f"**/medewerkers/serie/{VERSIONED}")
    assert page.locator("dd.state").inner_text() == "Concept"
    assert DRAFT_TEXT in page.locator("[data-field=omschrijving]").inner_text()
    assert page.locator("#audit").count() == 0 and page.locator("#versies").count() == 0  # not an information manager
    response = page.goto(f"/medewerkers/serie/{VERSIONED}/diff?van=1&naar=2")
    assert response.status == 404


def test_information_manager_sees_versions_diff_and_audit(page, portal: Portal, artifacts: Path) -> None:
    sign_in(page, portal, INFORMATION_MANAGER)
    page.get_by_role("link", name="Budgetten - begrotingen").click()
    versions = page.locator("#versies li").all_inner_texts()
    assert [v.split(":")[0] for v in versions] == ["Versie 1", "Versie 2"]
    audit = page.locator("#audit tbody tr").all_inner_texts()
    actions = [row.split("\t")[2].split("\n")[0] for row in audit]
    assert actions == ["Nieuwe versie gestart", "Gewijzigd", "Gepubliceerd", "Nieuwe versie gestart", "Gewijzigd"]
    assert all(INFORMATION_MANAGER in row for row in audit)
    assert "Beschrijving" in audit[1]  # the changed field, labelled from the mapping
    shot(page, artifacts, "employee-series-information-manager", full_page=True)
    page.get_by_role("link", name="Verschillen met de vorige versie").click()
    page.wait_for_url("**/diff?van=1&naar=2")
    row = page.locator("tbody tr", has=page.get_by_role("rowheader", name="Beschrijving"))
    assert VERSION_2_TEXT in row.locator("td.new").inner_text()
    assert VERSION_2_TEXT not in row.locator("td.old").inner_text()
    page.go_back()
    page.locator("#draft-diff").click()
    page.wait_for_url("**/diff?van=2&naar=draft")
    row = page.locator("tbody tr", has=page.get_by_role("rowheader", name="Beschrijving"))
    assert VERSION_2_TEXT in row.locator("td.old").inner_text() and DRAFT_TEXT in row.locator("td.new").inner_text()
    shot(page, artifacts, "employee-diff")
    assert page.goto(f"/medewerkers/serie/{VERSIONED}/diff?van=een&naar=2").status == 400


def test_another_organisation_sees_nothing_of_the_draft(page, portal: Portal) -> None:
    sign_in(page, portal, OTHER_ORG)
    assert NEW_DRAFT["naam"] not in page.locator("main").inner_text()
    response = page.goto(f"/medewerkers/serie/{NEW_SLUG}")
    assert response.status == 404 and NEW_DRAFT["omschrijving"] not in page.content()


def test_the_public_never_sees_drafts_but_sees_versions(page) -> None:
    assert page.goto(f"/id/serie/{NEW_SLUG}").status == 404
    page.goto("/?q=voertuigen")
    assert page.locator("#result-count").inner_text() == "0 zoekresultaten"
    page.goto(f"/id/serie/{VERSIONED}")
    text = page.locator("main").inner_text()
    assert VERSION_2_TEXT in text and DRAFT_TEXT not in text
    assert [v.split(":")[0] for v in page.locator("#versies li").all_inner_texts()[:2]] == ["Versie 2", "Versie 1"]


def test_sign_out_ends_the_session(page, portal: Portal) -> None:
    sign_in(page, portal, EMPLOYEE)
    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_url(lambda url: url.rstrip("/").endswith(portal.url.split("//")[1]) or url.endswith("/"))
    assert not [c for c in page.context.cookies() if c["name"] == "sr_sessie"]
    page.goto("/medewerkers")
    assert page.url.endswith("/medewerkers/aanmelden")


def test_employee_pages_are_accessible(page, portal: Portal, artifacts: Path) -> None:
    axe = Axe()
    page.goto("/medewerkers/aanmelden")
    check(page, axe, "employee-login", artifacts)
    sign_in(page, portal, INFORMATION_MANAGER)
    check(page, axe, "employee-list", artifacts)
    page.goto(f"/medewerkers/serie/{VERSIONED}")
    check(page, axe, "employee-series", artifacts)
    page.goto(f"/medewerkers/serie/{VERSIONED}/diff?van=1&naar=2")
    check(page, axe, "employee-diff", artifacts)
