"""The portal pages over HTTP without a browser: what they show, what they refuse, and what they never show.

`read_client` (tests/conftest.py, here as `client`) serves the demo register plus a draft series and a private
system graph, on the embedded store and on a real Oxigraph server, so every test here runs on both.
"""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from rdflib import URIRef

from api.i18n import STRINGS, date, duration, t
from api.services.representations import RENDERERS
from api.services.series_page import LAYOUT, placed_keys, schema_org
from mdto.mapping import register_mapping
from mdto.model import Serie

HTML = {"Accept": "text/html"}
SERIE = "/id/serie/leuven-klachtendossiers"


@pytest.fixture
def client(read_client):
    """The module's client without the language cookie an earlier test may have left."""
    read_client.cookies.clear()
    return read_client


def text_of(html: str) -> str:
    """The page's visible words, tags stripped, whitespace folded."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_search_page_counts_only_published_series(client) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "19 zoekresultaten" in r.text
    r = client.get("/", params={"q": "verzekeringen", "size": 50})
    assert "Dossiers over het afsluiten en opvolgen van verzekeringen" in r.text
    assert "Geheime conceptserie" not in r.text and "Kladversie" not in r.text


def test_a_draft_has_no_page(client) -> None:
    r = client.get("/id/serie/geheim-concept", headers=HTML)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "Niet gevonden" in r.text and "Geheime" not in r.text
    page = client.get(SERIE, headers=HTML).text
    assert "systeemgeheim" not in page and "geheim-concept" not in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"sort": "relevance"}, "sort: 'relevance' is not a sort order; use one of name, date, -date"),
        ({"page": "0"}, "page: 0 is out of range; use a number from 1"),
        ({"page": "twee"}, "page: 'twee' is not a whole number; use a number from 1"),
        ({"size": "1000"}, "size: 1000 is out of range; use a number from 1 to 100"),
    ],
)
def test_bad_search_parameters_are_a_400_that_says_why(client, params: dict, message: str) -> None:
    r = client.get("/", params=params)
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    assert message in unescape(r.text)


def test_a_page_beyond_the_last_is_empty_not_an_error(client) -> None:
    r = client.get("/", params={"page": 99})
    assert r.status_code == 200 and "19 zoekresultaten" in r.text and 'class="hit"' not in r.text


def test_filters_the_portal_shows_no_box_for_survive_the_form(client) -> None:
    r = client.get("/", params={"waardering": "begrip/waarderingen/b"})
    assert r.status_code == 200
    assert '<input type="hidden" name="waardering" value="begrip/waarderingen/b">' in r.text
    total = int(re.search(r"(\d+) zoekresultaten", r.text).group(1))
    assert 0 < total < 19


def test_series_page_shows_every_field_of_the_mapping_in_both_languages(client) -> None:
    specs = [s for s in register_mapping().fields_for("serie") if s.type != "resource"]
    for lang in ("nl", "en"):
        page = client.get(SERIE, params={"lang": lang}, headers=HTML).text
        for spec in specs:
            assert f'data-field="{spec.key}"' in page, spec.key
            assert spec.label(lang) in unescape(page), (lang, spec.key)


def test_series_page_values(client) -> None:
    page = text_of(client.get(SERIE, headers=HTML).text)
    assert "Persoonsgegevens Ja" in page
    assert "Bewaartermijn 5 jaar" in page
    assert "Verduidelijking termijnspecificatie De termijn begint te lopen vanaf het ogenblik" in page
    assert "Categorie wettelijke maximale bewaartermijn" in page
    assert "Afgeleid van" in page  # the template it was derived from, under Relaties


def test_series_page_links_every_machine_format(client) -> None:
    page = client.get(SERIE, headers=HTML).text
    for fmt, renderer in RENDERERS.items():
        if fmt == "html":
            continue
        assert f'href="{SERIE}?format={fmt}" type="{renderer.media_type}"' in page, fmt
        assert client.get(f"{SERIE}?format={fmt}").status_code == 200


def test_series_page_embeds_schema_org_json_ld(client) -> None:
    page = client.get(SERIE, headers=HTML).text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    doc = json.loads(block)
    assert doc["@context"] == "https://schema.org" and "Collection" in doc["@type"]
    assert doc["name"] == "Klachtendossiers van Stad Leuven"
    assert doc["holdingArchive"]["name"] == "Stad Leuven"
    assert doc["temporalCoverage"].startswith("2019-01-01/")
    assert {e["encodingFormat"] for e in doc["encoding"]} >= {"text/turtle", "application/ld+json"}


def test_json_ld_cannot_close_its_script_element() -> None:
    serie = Serie.new("x", naam="Test", omschrijving="kwaadaardig </script><script>alert(1)</script>")
    out = schema_org(serie, "Test", {}, {}, [], None, None)
    assert "<" not in out and ">" not in out
    assert json.loads(out)["description"].startswith("kwaadaardig </script>")


def test_language_choice_is_remembered_in_a_cookie(client) -> None:
    r = client.get("/", params={"lang": "en"})
    assert '<html lang="en">' in r.text and "Search series" in r.text
    assert "lang=en" in r.headers["set-cookie"] and "HttpOnly" in r.headers["set-cookie"]
    assert "Cookie" in r.headers["vary"]
    assert '<html lang="en">' in client.get("/").text  # the client keeps the cookie, as a browser does
    client.cookies.set("lang", "nl")
    r = client.get("/", params={"lang": "fr"})
    assert '<html lang="nl">' in r.text  # an unknown language falls back to the cookie, it is not an error


def test_english_series_page_uses_english_concept_labels(client) -> None:
    page = unescape(client.get("/id/serie/leuven-verzekeringen", params={"lang": "en"}, headers=HTML).text)
    assert "Following up matters concerning insurance policies" in page
    assert "Retention period" in page and "10 years" in page


def test_concept_page_lists_its_series_as_the_search_finds_them(client) -> None:
    page = unescape(client.get("/id/begrip/waarderingen/v", headers=HTML).text)
    assert 'href="/?waardering=begrip%2Fwaarderingen%2Fv"' in page
    search = client.get("/", params={"waardering": "begrip/waarderingen/v"}).text
    total = int(re.search(r"(\d+) zoekresultaten", search).group(1))
    assert f'Als Bestemming <span class="count">({total})</span>' in page  # the field's label from the mapping


def test_concept_without_a_search_filter_asks_the_store(client) -> None:
    page = text_of(client.get("/id/begrip/openbaarheidsregimes/niet-openbaar", headers=HTML).text)
    assert "Als Openbaarheid (7)" in page and "Klachtendossiers van Stad Leuven" in page
    assert "Geheime" not in page


def test_actor_page_lists_series_per_role(client) -> None:
    page = text_of(client.get("/id/actor/stad-leuven", headers=HTML).text)
    found = re.search(r"Als Bewaargever \((\d+)\)(.*?)Als Archiefvormer \((\d+)\)(.*?)Andere formaten", page)
    assert found is not None, page
    custodian_count, as_custodian, creator_count, as_creator = found.groups()
    assert custodian_count == "3" and "Dossiers over het afsluiten en opvolgen van verzekeringen" in as_custodian
    assert creator_count == "2" and "Klachtendossiers van Stad Leuven" in as_creator
    assert "Dossiers over het afsluiten" not in as_creator  # its creator is the AGB, not the city


def test_other_resources_keep_the_generic_page(client) -> None:
    r = client.get("/id/dossier/leuven-brandverzekering-gebouwen-2015", headers=HTML)
    assert r.status_code == 200 and "Brandverzekering van de gebouwen" in r.text
    assert 'class="resource' not in r.text  # not a portal page: the read side's plain page


def test_layout_names_only_fields_of_the_mapping() -> None:
    keys = {s.key for s in register_mapping().fields_for("serie")}
    assert placed_keys() <= keys, placed_keys() - keys
    assert all(f"section_{name}" in STRINGS for name, _ in LAYOUT)
    assert all(f"group_{g}" in STRINGS for _, groups in LAYOUT for g, _ in groups)


def test_ui_strings_exist_in_both_languages() -> None:
    missing = [k for k, v in STRINGS.items() if set(v) != {"nl", "en"} or not all(v.values())]
    assert not missing


def test_durations_and_dates_as_people_read_them() -> None:
    assert duration("P10Y", "nl") == "10 jaar" and duration("P1Y", "en") == "1 year"
    assert duration("P1Y6M", "nl") == "1 jaar en 6 maanden"
    assert duration("PT36H", "nl") == "PT36H"  # no words for hours: shown as written
    assert date("2019-12-31") == "31/12/2019" and date("2019-12") == "12/2019" and date("2019") == "2019"
    assert t("results_many", "nl", n=3) == "3 zoekresultaten"


def test_label_lookup_is_by_language() -> None:
    from rdflib import Graph, Literal
    from rdflib.namespace import SKOS

    from api.services.page_common import label_in

    g = Graph()
    x = URIRef("https://w3id.org/serieregister/id/begrip/x/y")
    g.add((x, SKOS.prefLabel, Literal("Gemeenten", lang="nl")))
    g.add((x, SKOS.prefLabel, Literal("Municipalities", lang="en")))
    assert label_in(g, x, "en") == "Municipalities" and label_in(g, x, "nl") == "Gemeenten"
