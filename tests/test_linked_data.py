"""Dereferencing minted IRIs with content negotiation, the JSON-LD context, VoID/DCAT and the bulk download; on
the embedded store and on a real Oxigraph server (`read_client` is parametrized over both)."""

from __future__ import annotations

import gzip
import json

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from api.services.representations import RENDERERS, negotiate

SERIE = "/id/serie/leuven-verzekeringen"
IRI = URIRef("https://w3id.org/serieregister/id/serie/leuven-verzekeringen")
MEDIA = {
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
    "nt": "application/n-triples",
}
PARSE = {"ttl": "turtle", "rdf": "xml", "nt": "nt"}


def graph_of(client, fmt: str, path: str = SERIE) -> Graph:
    r = client.get(path, headers={"Accept": MEDIA[fmt]})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == MEDIA[fmt]
    if fmt == "jsonld":
        doc = r.json()
        assert doc["@context"].endswith("/context.jsonld")
        doc["@context"] = client.get("/context.jsonld").json()["@context"]
        return Graph().parse(data=json.dumps(doc), format="json-ld")
    return Graph().parse(data=r.content, format=PARSE[fmt])


@pytest.mark.parametrize("fmt", ["jsonld", "rdf", "nt"])
def test_every_rdf_format_says_the_same_as_turtle(read_client, fmt: str) -> None:
    assert isomorphic(graph_of(read_client, "ttl"), graph_of(read_client, fmt))


def test_representation_carries_labels_of_what_it_points_at(read_client) -> None:
    g = graph_of(read_client, "ttl")
    actor = URIRef("https://w3id.org/serieregister/id/actor/agb-stadsontwikkeling-leuven")
    process = URIRef("https://w3id.org/serieregister/id/begrip/processen/p-1-1-1")
    scope = URIRef("https://w3id.org/serieregister/id/begrip/toepassingsgebieden/gemeenten")
    assert (actor, SKOS.prefLabel, Literal("Autonoom Gemeentebedrijf Stadsontwikkeling Leuven", lang="nl")) in g
    assert (process, SKOS.prefLabel, Literal("Opvolgen van zaken m.b.t. de verzekeringspolissen", lang="nl")) in g
    assert (scope, SKOS.prefLabel, Literal("Gemeenten", lang="nl")) in g


def test_conneg_headers_and_format_override(read_client) -> None:
    r = read_client.get(SERIE, headers={"Accept": "text/html;q=0.5, text/turtle"})
    assert r.headers["content-type"].startswith("text/turtle")
    assert r.headers["vary"] == "Accept"
    links = r.headers["link"]
    for fmt, media in MEDIA.items():
        assert f'<{SERIE}?format={fmt}>; rel="alternate"; type="{media}"' in links
    assert f'<{IRI}>; rel="canonical"' in links
    r = read_client.get(SERIE, params={"format": "nt"}, headers={"Accept": "text/html"})
    assert r.headers["content-type"] == "application/n-triples"


def test_browsers_get_html_with_labels(read_client) -> None:
    r = read_client.get(SERIE, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<h1>Dossiers over het afsluiten en opvolgen van verzekeringen</h1>" in r.text
    assert '<a href="/id/actor/stad-leuven"' in r.text and "Stad Leuven</a>" in r.text
    assert "Bewaargever" in r.text  # field labels from the mapping table


def test_406_lists_what_is_available(read_client) -> None:
    r = read_client.get(SERIE, headers={"Accept": "image/png, application/pdf"})
    assert r.status_code == 406
    assert r.headers["vary"] == "Accept"
    assert {a["mediaType"] for a in r.json()["available"]} == {x.media_type for x in RENDERERS.values()}
    r = read_client.get(SERIE, params={"format": "docx"})
    assert r.status_code == 400 and "use one of" in r.json()["detail"]


def test_negotiation_prefers_q_then_specificity() -> None:
    table = list(RENDERERS.values())
    assert negotiate(None, table).format == "html"
    assert negotiate("*/*", table).format == "html"
    assert negotiate("application/*", table).format == "jsonld"
    assert negotiate("text/*;q=0.9, application/n-triples", table).format == "nt"
    assert negotiate("text/turtle;q=0, */*;q=0.1", table).format == "html"
    assert negotiate("text/turtle;q=0", table) is None


def test_concept_schemes_and_concepts_dereference(read_client) -> None:
    g = graph_of(read_client, "ttl", "/id/begrippenlijst/waarderingen")
    scheme = URIRef("https://w3id.org/serieregister/id/begrippenlijst/waarderingen")
    members = set(g.subjects(SKOS.inScheme, scheme))
    assert len(members) == 3
    v = URIRef("https://w3id.org/serieregister/id/begrip/waarderingen/v")
    g = graph_of(read_client, "ttl", "/id/begrip/waarderingen/v")
    assert (v, SKOS.notation, Literal("V")) in g
    assert (scheme, SKOS.prefLabel, Literal("Waarderingen", lang="nl")) in g
    process = graph_of(read_client, "ttl", "/id/begrip/processen/p-1")
    assert (
        len(set(process.subjects(SKOS.broader, URIRef("https://w3id.org/serieregister/id/begrip/processen/p-1")))) >= 1
    )


@pytest.mark.parametrize("path", ["/id/serie/bestaat-niet", "/id/serie/..%2F..%2Fetc", "/id/x", "/id/serie/a%3Eb"])
def test_unknown_iris_are_404(read_client, path: str) -> None:
    assert read_client.get(path, headers={"Accept": "text/turtle"}).status_code == 404


def test_published_context_is_generated_from_the_field_table(read_client) -> None:
    ctx = read_client.get("/context.jsonld").json()["@context"]
    assert ctx["mdto"] == "http://www.nationaalarchief.nl/mdto#"
    assert ctx["archiefvormer"] == {"@id": "mdto:archiefvormer", "@type": "@id"}
    assert ctx["bewaargever"] == {"@id": "sr:bewaargever", "@type": "@id"}
    assert ctx["termijnLooptijd"] == {"@id": "mdto:termijnLooptijd", "@type": "xsd:duration"}
    assert ctx["geldigheid"] == {"@id": "mdto:dekkingInTijd"}


def test_void_and_dcat_description(read_client) -> None:
    for path in ("/void", "/.well-known/void", "/dataset"):
        r = read_client.get(path, headers={"Accept": "text/turtle"})
        assert r.status_code == 200
        g = Graph().parse(data=r.content, format="turtle")
        ds = URIRef("http://testserver/dataset")
        void = "http://rdfs.org/ns/void#"
        assert (ds, URIRef(void + "sparqlEndpoint"), URIRef("http://testserver/sparql")) in g
        assert (ds, URIRef(void + "dataDump"), URIRef("http://testserver/download/published.nq.gz")) in g
        assert int(g.value(ds, URIRef(void + "triples"))) > 1000
        assert (
            ds,
            URIRef("http://www.w3.org/ns/dcat#distribution"),
            URIRef("http://testserver/download/published.nq.gz"),
        ) in g


def test_bulk_download_is_the_public_graphs_only(read_client) -> None:
    r = read_client.get("/download/published.nq.gz")
    assert r.status_code == 200 and r.headers["content-type"] == "application/gzip"
    quads = list(ox.parse(gzip.decompress(r.content), format=ox.RdfFormat.N_QUADS))
    graphs = {q.graph_name.value for q in quads}
    assert "https://w3id.org/serieregister/graph/published" in graphs
    assert all(
        g.startswith(("https://w3id.org/serieregister/graph/published", "https://w3id.org/serieregister/graph/ref/"))
        for g in graphs
    )
    assert any(q.subject.value == str(IRI) for q in quads)


def test_mdto_xml_by_conneg_and_format_for_informatieobjecten_only(read_client, xsd_path) -> None:
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(xsd_path)))
    for kwargs in ({"headers": {"Accept": "application/xml"}}, {"params": {"format": "mdto"}}):
        r = read_client.get(SERIE, **kwargs)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("application/xml")
        doc = etree.fromstring(r.content)
        assert schema.validate(doc), schema.error_log
        assert doc.findtext(".//{https://www.nationaalarchief.nl/mdto}naam") == (
            "Dossiers over het afsluiten en opvolgen van verzekeringen"
        )
    assert 'type="application/xml"' in read_client.get(SERIE).headers["link"]
    concept = "/id/begrip/waarderingen/v"
    assert read_client.get(concept, headers={"Accept": "application/xml"}).status_code == 406
    assert 'type="application/xml"' not in read_client.get(concept).headers["link"]
