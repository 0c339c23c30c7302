"""The public portal in a real browser (headless Chromium) against `serieregister serve --demo`.

What a citizen does: search, filter, sort, page, open a series, switch language, follow a format link, and do
all of it from the keyboard. Every test keeps a screenshot under test-artifacts/browser/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from rdflib import Graph, Literal, URIRef

from mdto.namespaces import MDTO
from tests.browser.conftest import CHROMIUM_ARGS, launch_chromium, shot

DEMO_SERIES = 19  # series in data/demo (series.ttl + templates.ttl)
INSURANCE = "Dossiers over het afsluiten en opvolgen van verzekeringen"
INSURANCE_IRI = "https://w3id.org/serieregister/id/serie/leuven-verzekeringen"
_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})")


def hit_titles(page) -> list[str]:
    return page.locator(".hit-title a").all_inner_texts()


def hit_start_dates(page) -> list[str]:
    """The start of each hit's validity as yyyy-mm-dd, from 'Geldig van dd/mm/yyyy ...'."""
    out = []
    for text in page.locator(".hit .validity").all_inner_texts():
        d, m, y = _DATE.search(text).groups()
        out.append(f"{y}-{m}-{d}")
    return out


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_search_box_and_result_count(page, artifacts: Path) -> None:
    page.goto("/")
    assert page.locator("h1").inner_text() == "Series zoeken"
    assert page.locator("#result-count").inner_text() == f"{DEMO_SERIES} zoekresultaten"
    shot(page, artifacts, "search")
    page.get_by_label("Waar zoekt u naar?").fill("personeel")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    page.wait_for_url("**/?*q=personeel*")
    titles = hit_titles(page)
    assert "Personeelsregistratie" in titles
    assert all("ersoneel" in t for t in titles), titles
    assert page.locator("#result-count").inner_text() == f"{len(titles)} zoekresultaten"
    first = page.locator(".hit").first
    assert re.search(r"Geldig van \d{2}/\d{2}/\d{4}", first.inner_text())
    assert "Beheerder:" in first.inner_text() and "Archiefvormer:" in first.inner_text()
    shot(page, artifacts, "search-personeel")


def test_filter_with_counts_lives_in_the_url(page, artifacts: Path) -> None:
    page.goto("/")
    turnhout = page.locator("#facet-beheerder label", has_text="Stad Turnhout")
    count = int(re.search(r"\((\d+)\)", turnhout.inner_text()).group(1))
    turnhout.click()  # the label toggles its checkbox
    page.get_by_role("button", name="Filters toepassen").click()
    page.wait_for_url("**/?*beheerder=*")
    assert query_of(page)["beheerder"] == ["actor/stad-turnhout"]
    assert page.locator("#result-count").inner_text() == f"{count} zoekresultaten"
    for meta in page.locator(".hit-meta").all_inner_texts():
        assert "Beheerder: Stad Turnhout" in meta
    assert page.locator("#facet-beheerder input:checked").count() == 1
    # the other filters count within the filtered set: every toepassingsgebied count is at most the total
    counts = [int(x) for x in re.findall(r"\((\d+)\)", page.locator("#facet-toepassingsgebied").inner_text())]
    assert counts and max(counts) <= count
    # the URL is the search: opened again (bookmark, shared link) it gives the same hits
    titles, url = hit_titles(page), page.url
    page.goto("/")
    page.goto(url)
    assert hit_titles(page) == titles
    shot(page, artifacts, "search-filter-turnhout")


def test_procesniveau_1_filter_shows_only_level_1(page) -> None:
    page.goto("/")
    labels = page.locator("#facet-procesniveau label").all_inner_texts()
    assert labels and all(re.sub(r"\s*\(\d+\)$", "", label).isupper() for label in labels), labels


def test_sort_by_date_both_ways_and_by_name(page, artifacts: Path) -> None:
    page.goto("/?size=50")
    assert page.get_by_label("Sorteren op").input_value() == "date"
    ascending = hit_start_dates(page)
    assert ascending == sorted(ascending)
    page.get_by_label("Sorteren op").select_option("-date")
    page.get_by_role("button", name="Sorteren", exact=True).click()
    page.wait_for_url("**sort=-date*")
    descending = hit_start_dates(page)
    assert descending == sorted(descending, reverse=True) and descending != ascending
    page.get_by_label("Sorteren op").select_option("name")
    page.get_by_role("button", name="Sorteren", exact=True).click()
    page.wait_for_url("**sort=name*")
    names = hit_titles(page)
    assert names == sorted(names, key=str.casefold)
    shot(page, artifacts, "search-sorted-by-name")


def test_paging(page, artifacts: Path) -> None:
    page.goto("/?size=5&sort=name")
    first = hit_titles(page)
    assert len(first) == 5
    nav = page.get_by_role("navigation", name="Paginering")
    assert nav.locator("[aria-current=page]").inner_text() == "1"
    nav.get_by_role("link", name="Volgende").click()
    page.wait_for_url("**page=2*")
    second = hit_titles(page)
    assert len(second) == 5 and not set(first) & set(second)
    assert nav.locator("[aria-current=page]").inner_text() == "2"
    assert query_of(page)["sort"] == ["name"] and query_of(page)["size"] == ["5"]
    assert page.locator("ol.hits").get_attribute("start") == "6"
    last = -(-DEMO_SERIES // 5)
    nav.get_by_role("link", name=f"Pagina {last}", exact=True).click()
    page.wait_for_url(f"**page={last}*")
    assert len(hit_titles(page)) == DEMO_SERIES - 5 * (last - 1)
    assert nav.get_by_role("link", name="Volgende").count() == 0
    shot(page, artifacts, "search-last-page")


def test_more_text_opens_without_javascript(browser, portal_url: str, artifacts: Path) -> None:
    context = browser.new_context(base_url=portal_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/?q=personeelsregistratie")
    hit = page.locator(".hit").first
    assert hit.locator(".snippet").inner_text().endswith("…")
    full = hit.locator("details.more .full-text")
    assert not full.is_visible()
    hit.locator("details.more summary").click()
    assert full.is_visible() and "functies" in full.inner_text() and not full.inner_text().endswith("…")
    shot(page, artifacts, "search-more-shown-no-js")
    context.close()


def test_open_a_series_from_the_results(page, artifacts: Path) -> None:
    page.goto("/?q=verzekeringen")
    page.get_by_role("link", name=INSURANCE).click()
    page.wait_for_url("**/id/serie/leuven-verzekeringen")
    assert page.locator("h1").inner_text() == INSURANCE
    details = page.locator("#details")
    for heading in (
        "Beschrijvende metadata",
        "Beheersmetadata",
        "Inhoud",
        "Archiefvormer",
        "Dienstverlening en proces",
    ):
        assert details.get_by_role("heading", name=heading, exact=True).count() == 1, heading
    creator = page.locator("[data-field=archiefvormer]").inner_text()
    assert (
        "OVO003679" in creator and "Autonoom Gemeentebedrijf Stadsontwikkeling Leuven" in creator and "AGSL" in creator
    )
    chain = page.locator("[data-field=proces] .hierarchy li").all_inner_texts()
    assert [c.split(":")[0] for c in chain] == ["Procesniveau 1", "Procesniveau 2", "Procesniveau 3"]
    assert "Opvolgen van zaken m.b.t. de verzekeringspolissen" in chain[-1]
    assert page.locator("[data-field=bewaartermijn] dd").inner_text() == "10 jaar"
    assert "vorderingen" in page.locator("[data-field=motivering] dd").inner_text()
    assert page.locator("[data-field=geldigVan] dd").inner_text() == "01/01/2010"
    # embedded JSON-LD for search engines
    data = json.loads(page.locator("script[type='application/ld+json']").inner_text())
    assert data["@context"] == "https://schema.org" and data["name"] == INSURANCE and data["@id"] == INSURANCE_IRI
    assert data["creator"][0]["identifier"] == ["OVO003679"]
    shot(page, artifacts, "series-verzekeringen")


def test_series_relations_show_the_template(page) -> None:
    page.goto("/id/serie/leuven-subsidies-zonnepanelen")
    relations = page.locator("#relaties")
    template = relations.get_by_role("link", name=re.compile("subsidie", re.I)).first
    assert "/id/serie/sjabloon-subsidiedossiers" in template.get_attribute("href")
    template.click()
    page.wait_for_url("**/id/serie/sjabloon-subsidiedossiers")
    assert page.locator(".kind").inner_text().startswith("SJABLOONSERIE")
    derived = page.locator("#relaties").get_by_role("link", name=re.compile("zonnepanelen", re.I))
    assert derived.count() >= 1


def test_switch_language_and_keep_it(page, artifacts: Path) -> None:
    page.goto("/id/serie/leuven-verzekeringen")
    page.get_by_role("link", name="Read this page in English").click()
    page.wait_for_url("**lang=en*")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("[data-field=archiefvormer] dt").first.inner_text() == "Records creator"
    assert page.get_by_role("heading", name="Descriptive metadata").count() == 1
    chain = page.locator("[data-field=proces] .hierarchy").inner_text()
    assert "Following up matters concerning insurance policies" in chain  # skos:prefLabel @en
    assert page.locator("[data-field=bewaartermijn] dd").inner_text() == "10 years"
    shot(page, artifacts, "series-verzekeringen-en")
    page.goto("/")  # the cookie keeps the choice
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#result-count").inner_text() == f"{DEMO_SERIES} results"
    assert re.search(r"Valid from \d{2}/\d{2}/\d{4}", page.locator(".hit").first.inner_text())
    page.get_by_role("link", name="Lees deze pagina in het Nederlands").click()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("#result-count").inner_text() == f"{DEMO_SERIES} zoekresultaten"


def test_follow_the_turtle_and_json_ld_links(page) -> None:
    page.goto("/id/serie/leuven-verzekeringen")
    formats = page.locator("#formaten")
    turtle = formats.get_by_role("link", name="Turtle (RDF)")
    assert turtle.get_attribute("type") == "text/turtle"
    response = page.request.get(turtle.get_attribute("href"))
    assert response.ok and response.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=response.text(), format="turtle")
    assert (URIRef(INSURANCE_IRI), MDTO.naam, Literal(INSURANCE)) in g
    jsonld = formats.get_by_role("link", name="JSON-LD")
    response = page.request.get(jsonld.get_attribute("href"))
    assert response.ok and response.headers["content-type"].startswith("application/ld+json")
    g = Graph().parse(data=response.text(), format="json-ld", base=page.url)
    assert (URIRef(INSURANCE_IRI), MDTO.naam, Literal(INSURANCE)) in g
    for name in ("RDF/XML", "N-Triples"):
        assert page.request.get(formats.get_by_role("link", name=name).get_attribute("href")).ok
    mdto = page.request.get(formats.get_by_role("link", name="MDTO XML").get_attribute("href"))
    assert mdto.ok and "<MDTO" in mdto.text() and INSURANCE in mdto.text()


def test_keyboard_only_search(page, artifacts: Path) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Naar de inhoud"
    outline = skip.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "q"
    assert page.locator("#q").evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    page.keyboard.type("jaarrekeningen")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "search-button"
    page.keyboard.press("Enter")
    page.wait_for_url("**q=jaarrekeningen*")
    assert hit_titles(page) == ["Jaarrekeningen"]
    # a filter checkbox by keyboard: focus it, Space toggles, Enter in the form submits
    box = page.locator("#facet-toepassingsgebied input").first
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    page.keyboard.press("Enter")
    page.wait_for_url("**toepassingsgebied=*")
    assert page.locator("#facet-toepassingsgebied input:checked").count() == 1
    shot(page, artifacts, "search-keyboard")


def test_process_page_shows_hierarchy_and_series(page, artifacts: Path) -> None:
    page.goto("/id/begrip/processen/p-1-1")
    assert page.locator(".kind").inner_text().startswith("PROCES")
    hierarchy = page.locator(".hierarchy li").all_inner_texts()
    assert hierarchy[0].startswith("Procesniveau 1") and hierarchy[-1].startswith("Procesniveau 2")
    narrower = page.get_by_role("heading", name="Deelprocessen")
    assert narrower.count() == 1
    series = page.locator(".series-list")
    assert series.get_by_role("link", name=INSURANCE).count() == 1
    page.get_by_role("link", name="Zoeken in deze series").click()
    page.wait_for_url("**procesniveau=*")
    assert INSURANCE in hit_titles(page)
    shot(page, artifacts, "process-p-1-1")


def test_actor_page_shows_its_series(page, artifacts: Path) -> None:
    page.goto("/id/actor/agb-stadsontwikkeling-leuven")
    assert page.locator("h1").inner_text() == "Autonoom Gemeentebedrijf Stadsontwikkeling Leuven"
    assert "OVO003679" in page.locator(".fields").inner_text() and "AGSL" in page.locator(".fields").inner_text()
    assert page.locator(".series-list").get_by_role("link", name=INSURANCE).count() == 1
    page.get_by_role("link", name="Stad Leuven").first.click()
    page.wait_for_url("**/id/actor/stad-leuven")
    assert page.get_by_role("heading", name="Als Bewaargever (3)").count() == 1
    assert page.get_by_role("heading", name="Als Archiefvormer (2)").count() == 1
    shot(page, artifacts, "actor-stad-leuven")


def test_phone_layout_has_no_sideways_scroll(browser, portal_url: str, artifacts: Path) -> None:
    context = browser.new_context(base_url=portal_url, viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    for path in ("/", "/id/serie/leuven-klachtendossiers"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    page.goto("/")
    assert page.locator("#filter-panel").get_attribute("open") is None  # folded, results first
    page.locator("#filter-panel > summary").click()
    assert page.locator("#facet-beheerder").is_visible()
    shot(page, artifacts, "search-phone")
    context.close()


def test_unknown_series_is_an_html_404(page) -> None:
    response = page.goto("/id/serie/bestaat-niet")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Niet gevonden"


def test_missing_chromium_fails_instead_of_skipping(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match="apt-get install -y chromium"):
        launch_chromium(object(), tmp_path / "no-chromium")
    assert "--no-sandbox" in CHROMIUM_ARGS
