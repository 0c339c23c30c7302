"""`/sparql`: SPARQL 1.1 Protocol, result formats, read-only, limits; on both stores (`read_client`)."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

SERIES_Q = """PREFIX mdto: <http://www.nationaalarchief.nl/mdto#>
SELECT ?s ?naam WHERE { ?s mdto:aggregatieniveau <https://w3id.org/serieregister/id/begrip/aggregatieniveaus/serie> ;
  mdto:naam ?naam } ORDER BY ?naam"""
CONSTRUCT_Q = """PREFIX mdto: <http://www.nationaalarchief.nl/mdto#>
CONSTRUCT { ?s mdto:naam ?n }
WHERE { ?s mdto:aggregatieniveau <https://w3id.org/serieregister/id/begrip/aggregatieniveaus/serie> ; mdto:naam ?n }"""


def test_get_and_both_posts_give_the_same_solutions(read_client) -> None:
    get = read_client.get("/sparql", params={"query": SERIES_Q}).json()
    form = read_client.post("/sparql", data={"query": SERIES_Q}).json()
    direct = read_client.post("/sparql", content=SERIES_Q, headers={"Content-Type": "application/sparql-query"}).json()
    assert get == form == direct
    names = [b["naam"]["value"] for b in get["results"]["bindings"]]
    assert "Dossiers over het afsluiten en opvolgen van verzekeringen" in names and len(names) >= 12


@pytest.mark.parametrize(
    "media",
    ["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"],
)
def test_solution_formats(read_client, media: str) -> None:
    r = read_client.get("/sparql", params={"query": SERIES_Q}, headers={"Accept": media})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media
    fmt = {
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
        "text/csv": ox.QueryResultsFormat.CSV,
        "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    }[media]
    if fmt == ox.QueryResultsFormat.CSV:
        rows = list(csv.DictReader(io.StringIO(r.text)))
        assert "Jaarrekeningen" in {row["naam"] for row in rows}
        return
    solutions = list(ox.parse_query_results(r.content, format=fmt))
    assert ox.Literal("Jaarrekeningen") in {s["naam"] for s in solutions}


def test_ask(read_client) -> None:
    r = read_client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert r.json() == {"head": {}, "boolean": True}


@pytest.mark.parametrize(
    ("media", "parse"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_construct_formats(read_client, media: str, parse: str) -> None:
    r = read_client.post("/sparql", data={"query": CONSTRUCT_Q}, headers={"Accept": media})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media
    assert len(Graph().parse(data=r.content, format=parse)) >= 12


def test_describe(read_client) -> None:
    q = "DESCRIBE <https://w3id.org/serieregister/id/serie/leuven-verzekeringen>"
    r = read_client.get("/sparql", params={"query": q}, headers={"Accept": "text/turtle"})
    assert "Dossiers over het afsluiten" in r.text


def test_service_description(read_client) -> None:
    r = read_client.get("/sparql")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.content, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    names = {str(o) for o in g.objects(None, URIRef(sd + "name"))}
    assert "https://w3id.org/serieregister/graph/published" in names
    assert not any("draft" in n or "system" in n for n in names)


def test_cors(read_client) -> None:
    r = read_client.options(
        "/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"}
    )
    assert r.status_code == 204 and r.headers["access-control-allow-origin"] == "*"
    assert read_client.get("/sparql", params={"query": "ASK {}"}).headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize(
    "send",
    [
        lambda c: c.post("/sparql", data={"update": "DROP ALL"}),
        lambda c: c.post("/sparql", content="DROP ALL", headers={"Content-Type": "application/sparql-update"}),
        lambda c: c.get("/sparql", params={"update": "DROP ALL"}),
        lambda c: c.post("/sparql", data={"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}),
        lambda c: c.get("/sparql", params={"query": "PREFIX x: <urn:x> DELETE WHERE { ?s ?p ?o }"}),
    ],
)
def test_updates_are_refused_and_change_nothing(read_client, send) -> None:
    before = read_client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}).json()
    r = send(read_client)
    assert r.status_code == 403 and "read-only" in r.text
    assert read_client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}).json() == before


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { service # comment\n <http://127.0.0.1:9/> { ?s ?p ?o } }",
    ],
)
def test_federation_is_refused(read_client, query: str) -> None:
    r = read_client.get("/sparql", params={"query": query})
    assert r.status_code == 403 and "SERVICE" in r.text


def test_service_inside_a_string_is_fine(read_client) -> None:
    r = read_client.get("/sparql", params={"query": 'SELECT ?x WHERE { BIND("SERVICE" AS ?x) }'})
    assert r.status_code == 200


def test_result_cap_answers_with_an_error_that_says_so(read_client) -> None:
    r = read_client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 400
    assert "more than 500 results" in r.text and "SERIEREGISTER_SPARQL_MAX_RESULTS" in r.text


def test_syntax_errors_and_bad_requests(read_client) -> None:
    r = read_client.get("/sparql", params={"query": "SELEC ?x"})
    assert r.status_code == 400
    assert read_client.post("/sparql", content="x", headers={"Content-Type": "text/plain"}).status_code == 415
    assert read_client.post("/sparql", data={"default-graph-uri": "x"}).status_code == 400
    r = read_client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert r.status_code == 406 and "application/sparql-results+json" in r.text


def test_protocol_dataset_may_narrow_to_public_graphs(read_client) -> None:
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    ref = "https://w3id.org/serieregister/graph/ref/begrippen-mdto"
    only_ref = read_client.get("/sparql", params={"query": q, "default-graph-uri": ref}).json()
    everything = read_client.get("/sparql", params={"query": q}).json()
    n = lambda body: int(body["results"]["bindings"][0]["n"]["value"])  # noqa: E731
    assert 0 < n(only_ref) < n(everything)


def test_timeout_answers_503_and_frees_the_request(tmp_path, read_store) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from mdto.settings import Settings

    # a few seconds of work on the demo data (a cross product), so that the abandoned evaluation ends soon
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(?c != ?f) }"
    with TestClient(create_app(read_store, Settings(search_index=tmp_path / "i.sqlite", sparql_timeout=0.5))) as c:
        r = c.get("/sparql", params={"query": slow})
        assert r.status_code == 503
        assert "0.5 s" in r.text and "SERIEREGISTER_SPARQL_TIMEOUT" in r.text
        assert json.loads(c.get("/sparql", params={"query": "ASK {}"}).text)["boolean"] is True
