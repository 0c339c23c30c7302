"""Drafts (graph:draft/...) and private graphs (graph:system) never leak through search, resource pages or
/sparql, not even through a query that names the graph; on both stores (`read_client`, see conftest)."""

from __future__ import annotations

import gzip

import pytest

from tests.conftest import SECRET_GRAPHS

DRAFT = "https://w3id.org/serieregister/id/serie/geheim-concept"
SECRET = "systeemgeheim-4711"
HASH = "https://w3id.org/serieregister/def#wachtwoordHash"


def test_the_secrets_are_really_in_the_store(read_store) -> None:
    """Guards the other tests: they prove absence of data that is present."""
    assert read_store.ask(f"ASK {{ GRAPH <{SECRET_GRAPHS['draft']}> {{ <{DRAFT}> ?p ?o }} }}")
    assert read_store.ask(f'ASK {{ GRAPH <{SECRET_GRAPHS["system"]}> {{ ?s ?p "{SECRET}" }} }}')


def test_search_does_not_find_drafts(read_client) -> None:
    for params in ({"q": "Geheime conceptserie"}, {"q": "Kladversie"}, {"size": 200}):
        body = read_client.get("/series", params=params).json()
        assert DRAFT not in {h["iri"] for h in body["items"]}
    assert read_client.get("/series", params={"q": "Kladversie"}).json()["total"] == 0


def test_resource_pages_do_not_show_drafts_or_private_triples(read_client) -> None:
    for fmt in ("ttl", "html", "jsonld", "nt"):
        assert read_client.get("/id/serie/geheim-concept", params={"format": fmt}).status_code == 404
        page = read_client.get("/id/serie/leuven-verzekeringen", params={"format": fmt})
        assert page.status_code == 200 and SECRET not in page.text and "wachtwoordHash" not in page.text
    assert read_client.get("/series/geheim-concept").status_code == 404
    assert read_client.get("/series/geheim-concept/dossiers").status_code == 404
    assert SECRET.encode() not in gzip.decompress(read_client.get("/download/published.nq.gz").content)


@pytest.mark.parametrize(
    "query",
    [
        f"SELECT ?o WHERE {{ GRAPH <{SECRET_GRAPHS['system']}> {{ ?s ?p ?o }} }}",
        f"SELECT ?o FROM <{SECRET_GRAPHS['system']}> WHERE {{ ?s <{HASH}> ?o }}",
        f"SELECT ?o FROM NAMED <{SECRET_GRAPHS['system']}> WHERE {{ GRAPH ?g {{ ?s <{HASH}> ?o }} }}",
        f"SELECT ?o FROM <{SECRET_GRAPHS['draft']}> WHERE {{ <{DRAFT}> ?p ?o }}",
        f"SELECT ?o WHERE {{ GRAPH <{SECRET_GRAPHS['draft']}> {{ <{DRAFT}> ?p ?o }} }}",
        f"SELECT ?o WHERE {{ GRAPH ?g {{ <{DRAFT}> ?p ?o }} }}",
        f"SELECT ?o WHERE {{ <{DRAFT}> ?p ?o }}",
        f'SELECT ?s WHERE {{ GRAPH ?g {{ ?s ?p "{SECRET}" }} }}',
        "SELECT DISTINCT ?o WHERE { GRAPH ?g { ?s ?p ?o } "
        "FILTER(CONTAINS(STR(?g), 'draft') || CONTAINS(STR(?g), 'system')) }",
    ],
)
def test_sparql_cannot_reach_drafts_or_private_graphs(read_client, query: str) -> None:
    r = read_client.get("/sparql", params={"query": query})
    assert r.status_code == 200, r.text
    assert r.json()["results"]["bindings"] == []


def test_graph_listing_shows_public_graphs_only(read_client) -> None:
    r = read_client.get("/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"})
    graphs = {b["g"]["value"] for b in r.json()["results"]["bindings"]}
    assert "https://w3id.org/serieregister/graph/published" in graphs
    assert not graphs & set(SECRET_GRAPHS.values())


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
def test_protocol_dataset_naming_a_private_graph_is_refused(read_client, param: str) -> None:
    for graph in SECRET_GRAPHS.values():
        r = read_client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", param: graph})
        assert r.status_code == 403 and "not published" in r.text
        r = read_client.post("/sparql", data={"query": "ASK { ?s ?p ?o }", param: graph})
        assert r.status_code == 403
