"""`GET /series` and `GET /series/{id}/dossiers`: full text, filters, facet counts given the other filters, sort,
paging and the portal's Dutch validity notation; on both stores (`read_client`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mdto.refdata import load_demo, load_reference
from mdto.search import index_resources
from mdto.search.dates import validity
from mdto.search.index import fts_query
from mdto.store import EmbeddedStore

LEUVEN = "actor/stad-leuven"
P1 = "begrip/processen/p-1"


def facet(body: dict, name: str) -> dict[str, int]:
    return {v["id"]: v["count"] for v in body["facets"][name]}


def test_full_text_with_snippet_and_portal_fields(read_client) -> None:
    body = read_client.get("/series", params={"q": "verzekeringsovereenkomsten"}).json()
    assert body["total"] == 1
    hit = body["items"][0]
    assert hit["naam"] == "Dossiers over het afsluiten en opvolgen van verzekeringen"
    assert hit["geldigheid"] == "Geldig van 01/01/2010"
    assert hit["bewaargever"]["label"] == "Stad Leuven"
    assert hit["archiefvormer"][0]["label"] == "Autonoom Gemeentebedrijf Stadsontwikkeling Leuven"
    assert "verzekeringsovereenkomsten" in hit["snippet"]


def test_validity_is_written_as_the_portal_does() -> None:
    assert validity("0002-01-01", "2020-12-31") == "Geldig van 01/01/0002 t.e.m. 31/12/2020"
    assert validity("1977", None) == "Geldig van 01/01/1977"
    assert validity("2019-02", "2019-02") == "Geldig van 01/02/2019 t.e.m. 28/02/2019"


def test_text_ignores_case_and_diacritics_and_cannot_break_fts(read_client) -> None:
    a = read_client.get("/series", params={"q": "PERSONEELSDOSSIERS"}).json()["total"]
    assert a >= 2
    for nasty in ['"', "AND OR NOT", "col:umn*", "(", "NEAR(a b)"]:
        assert read_client.get("/series", params={"q": nasty}).status_code == 200
    assert fts_query('a"b') == '"a"* "b"*'


def test_facets_count_given_the_other_filters(read_client) -> None:
    everything = read_client.get("/series").json()
    leuven = read_client.get("/series", params={"beheerder": LEUVEN}).json()
    assert 0 < leuven["total"] < everything["total"]
    # the beheerder facet ignores its own filter: same counts as without it
    assert facet(leuven, "beheerder") == facet(everything, "beheerder")
    # other facets are narrowed to Leuven's series
    assert sum(facet(leuven, "waardering").values()) == leuven["total"]
    assert facet(leuven, "waardering") != facet(everything, "waardering")
    selected = [v for v in leuven["facets"]["beheerder"] if v.get("selected")]
    assert [v["label"] for v in selected] == ["Stad Leuven"]
    # two filters: each facet's counts apply the other one
    both = read_client.get("/series", params={"beheerder": LEUVEN, "waardering": "begrip/waarderingen/v"}).json()
    assert facet(both, "waardering") == facet(leuven, "waardering")
    assert both["total"] == facet(leuven, "waardering")["begrip/waarderingen/v"]


def test_procesniveau_finds_series_under_a_level_one_process(read_client) -> None:
    body = read_client.get("/series", params={"procesniveau": P1}).json()
    assert body["total"] >= 2
    levels = {v["id"]: v["niveau"] for v in body["facets"]["procesniveau"]}
    assert levels[P1] == 1 and 3 in levels.values()
    names = {h["naam"] for h in body["items"]}
    assert "Dossiers over het afsluiten en opvolgen van verzekeringen" in names  # filed under p-1-1-1
    proces = read_client.get("/series", params={"proces": P1}).json()
    assert proces["total"] == 0  # no series is filed directly at level 1


def test_multiple_values_of_one_filter_are_or(read_client) -> None:
    a = read_client.get("/series", params={"beheerder": LEUVEN}).json()["total"]
    b = read_client.get("/series", params={"beheerder": "actor/stad-turnhout"}).json()["total"]
    both = read_client.get("/series", params=[("beheerder", LEUVEN), ("beheerder", "actor/stad-turnhout")]).json()
    assert both["total"] == a + b


def test_sort_dates_and_paging(read_client) -> None:
    asc = read_client.get("/series", params={"sort": "date", "size": 200}).json()["items"]
    starts = [h["geldigVan"] for h in asc if h["geldigVan"]]
    assert starts == sorted(starts) and starts[0].startswith("0002")
    desc = read_client.get("/series", params={"sort": "-date", "size": 200}).json()["items"]
    assert [h["geldigVan"] for h in desc if h["geldigVan"]] == sorted(starts, reverse=True)
    names = [h["naam"].casefold() for h in read_client.get("/series", params={"size": 200}).json()["items"]]
    assert names == sorted(names)
    p1 = read_client.get("/series", params={"sort": "date", "size": 3, "page": 1}).json()["items"]
    p2 = read_client.get("/series", params={"sort": "date", "size": 3, "page": 2}).json()["items"]
    assert [h["iri"] for h in p1 + p2] == [h["iri"] for h in asc[:6]]


def test_validity_period_filter(read_client) -> None:
    old = read_client.get("/series", params={"tot": "1980"}).json()
    assert old["total"] >= 1
    assert all(h["geldigVan"] <= "1980-12-31" for h in old["items"])
    ended = read_client.get("/series", params={"van": "2021"}).json()
    assert all(h["geldigTot"] is None or h["geldigTot"] >= "2021" for h in ended["items"])
    assert "Overnamedossiers van privaatrechtelijke bibliotheken door de Stad" not in {
        h["naam"] for h in ended["items"]
    }


@pytest.mark.parametrize(
    ("params", "needle"),
    [({"van": "31-12-2020"}, "van"), ({"sort": "size"}, "sort"), ({"size": 0}, "size"), ({"tot": "2020-13"}, "tot")],
)
def test_bad_parameters_say_which_and_why(read_client, params: dict, needle: str) -> None:
    r = read_client.get("/series", params=params)
    assert r.status_code == 422
    assert needle in r.text


def test_jsonld_on_request(read_client) -> None:
    r = read_client.get("/series", params={"q": "verzekeringen", "format": "jsonld"})
    assert r.headers["content-type"] == "application/ld+json"
    body = r.json()
    assert body["@context"][0].endswith("/context.jsonld")
    assert body["items"][0]["iri"].startswith("https://w3id.org/serieregister/id/serie/")
    assert (
        read_client.get("/series", headers={"Accept": "application/ld+json"}).headers["content-type"]
        == "application/ld+json"
    )


def test_dossiers_within_a_series(read_client) -> None:
    body = read_client.get("/series/leuven-subsidies-zonnepanelen/dossiers").json()
    assert body["total"] >= 1
    assert body["items"][0]["naam"]
    assert "waardering" in body["facets"]
    assert (
        read_client.get("/series/leuven-subsidies-zonnepanelen/dossiers", params={"q": "xyznotthere"}).json()["total"]
        == 0
    )
    assert read_client.get("/series/bestaat-niet/dossiers").status_code == 404


def test_index_follows_publication(tmp_path: Path) -> None:
    """index_resources (the publish hook) adds, updates and removes what the public graphs say."""
    from mdto.search import SearchIndex

    store = EmbeddedStore(None)
    load_reference(store)
    load_demo(store)
    index = SearchIndex(tmp_path / "i.sqlite")
    n = index.rebuild(store)
    iri = "https://w3id.org/serieregister/id/serie/leuven-verzekeringen"
    store.update(f"DELETE WHERE {{ GRAPH <https://w3id.org/serieregister/graph/published> {{ <{iri}> ?p ?o }} }}")
    generation = index.generation()
    index_resources(store, [iri], tmp_path / "i.sqlite")
    assert index.generation() > generation
    assert index.connection().execute("SELECT COUNT(*) FROM doc WHERE iri=?", (iri,)).fetchone()[0] == 0
    assert index.connection().execute("SELECT COUNT(*) FROM doc").fetchone()[0] < n


def test_facet_limit_keeps_the_largest_and_the_selected(read_client) -> None:
    everything = facet(read_client.get("/series").json(), "beheerder")
    top = read_client.get("/series", params={"facet_limit": 1}).json()["facets"]["beheerder"]
    assert [v["count"] for v in top] == [max(everything.values())]
    smallest = min(everything, key=lambda k: (everything[k], k))
    body = read_client.get("/series", params={"facet_limit": 1, "beheerder": smallest}).json()
    assert {v["id"] for v in body["facets"]["beheerder"]} >= {smallest}
    assert next(v for v in body["facets"]["beheerder"] if v["id"] == smallest)["selected"] is True
