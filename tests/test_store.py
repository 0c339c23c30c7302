"""The store contract, run against the embedded store and a real Oxigraph server alike."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from mdto.rdfio import parse_bytes
from mdto.store import EmbeddedStore, QueryError, RemoteStore, Store, StoreUnavailable
from mdto.terms import iri

EX = "http://example.org/"
G1, G2 = EX + "g1", EX + "g2"

TTL = b"""@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:name "Alpha" ; ex:keep "P10Y"^^xsd:duration , "PT36H"^^xsd:duration ;
     ex:quote "he said \\"}\\" ; DROP ALL" ; ex:group [ ex:inner "x" ] .
ex:b ex:name "Beta"@nl .
"""


def load(store: Store, data: bytes, graph: str) -> int:
    quads = parse_bytes(data, "turtle").quads
    return store.insert(ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(graph)) for q in quads)


def test_insert_count_and_select(store: Store) -> None:
    assert load(store, TTL, G1) == 7
    assert store.count() == 7
    assert store.count(G1) == 7
    assert store.named_graphs() == [G1]
    rows = store.select(f"SELECT ?s ?n WHERE {{ GRAPH <{G1}> {{ ?s <{EX}name> ?n }} }} ORDER BY ?s")
    assert [(r["s"], r["n"]) for r in rows] == [
        (URIRef(EX + "a"), Literal("Alpha")),
        (URIRef(EX + "b"), Literal("Beta", lang="nl")),
    ]


def test_ask_and_construct(store: Store) -> None:
    load(store, TTL, G1)
    assert store.ask(f"ASK {{ GRAPH <{G1}> {{ <{EX}a> ?p ?o }} }}")
    assert not store.ask(f"ASK {{ GRAPH <{G1}> {{ <{EX}zzz> ?p ?o }} }}")
    g = store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")
    assert len(g) == 7


def test_durations_and_escaped_literals_survive(store: Store) -> None:
    load(store, TTL, G1)
    rows = store.select(f"SELECT ?v WHERE {{ GRAPH <{G1}> {{ <{EX}a> <{EX}keep> ?v }} }}")
    assert {r["v"] for r in rows} == {
        Literal("P10Y", datatype=XSD.duration),
        Literal("PT36H", datatype=XSD.duration),
    }
    rows = store.select(f"SELECT ?v WHERE {{ GRAPH <{G1}> {{ <{EX}a> <{EX}quote> ?v }} }}")
    assert str(rows[0]["v"]) == 'he said "}" ; DROP ALL'
    assert store.count() == 7  # the quoted text did not run as an update


def test_default_graphs_scope_a_query(store: Store) -> None:
    load(store, TTL, G1)
    load(store, b'<http://example.org/c> <http://example.org/name> "Gamma" .', G2)
    q = f"SELECT ?n WHERE {{ ?s <{EX}name> ?n }}"
    assert {str(r["n"]) for r in store.select(q, default_graphs=[G2])} == {"Gamma"}
    assert {str(r["n"]) for r in store.select(q, default_graphs=[G1, G2])} == {"Alpha", "Beta", "Gamma"}
    assert store.select(q) == []  # the store's own default graph is empty: data lives in named graphs


def test_replace_graph_is_atomic_and_leaves_others(store: Store) -> None:
    load(store, TTL, G1)
    load(store, b'<http://example.org/c> <http://example.org/name> "Gamma" .', G2)
    new = Graph()
    new.add((URIRef(EX + "z"), URIRef(EX + "name"), Literal("Zeta")))
    assert store.replace_graph(G1, new) == 1
    assert store.count(G1) == 1
    assert store.count(G2) == 1
    with pytest.raises(ValueError):
        store.replace_graph("not an iri", new)
    assert store.count() == 2


def test_update_syntax_error_changes_nothing(store: Store) -> None:
    load(store, TTL, G1)
    with pytest.raises(QueryError):
        store.update(f"DROP GRAPH <{G1}> ; INSERT DATA {{ this is not sparql }}")
    assert store.count(G1) == 7


def test_dump_and_restore_round_trip(store: Store, tmp_path: Path) -> None:
    load(store, TTL, G1)
    load(store, b'<http://example.org/c> <http://example.org/name> "Gamma" .', G2)
    before = store.construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    for fmt in ("nquads", "trig"):
        out = io.BytesIO()
        store.dump(out, fmt)
        store.update("DROP ALL")
        assert store.count() == 0
        store.restore(parse_bytes(out.getvalue(), fmt).quads)
        assert store.count() == 8
        assert store.named_graphs() == [G1, G2]
        after = store.construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isomorphic(before, after)


def test_iris_are_validated_before_they_reach_sparql() -> None:
    for bad in ["http://a> } ; DROP ALL ; #", "relative/iri", "http://a b"]:
        with pytest.raises(ValueError):
            iri(bad)


def test_unreachable_endpoint_is_one_clear_error() -> None:
    from tests.conftest import free_port

    store = RemoteStore(f"http://127.0.0.1:{free_port()}/sparql")
    with pytest.raises(StoreUnavailable, match="cannot reach the SPARQL endpoint"):
        store.ask("ASK {}")


def test_store_directory_in_use_is_reported(tmp_path: Path) -> None:
    first = EmbeddedStore(tmp_path / "s")
    with pytest.raises(StoreUnavailable, match="in use by another process"):
        EmbeddedStore(tmp_path / "s")
    first.close()


def test_describe(store: Store) -> None:
    load(store, TTL, G1)
    g = store.construct(f"DESCRIBE <{EX}a>", default_graphs=[G1])
    assert (URIRef(EX + "a"), URIRef(EX + "name"), Literal("Alpha")) in g
    assert all(s != URIRef(EX + "b") for s in g.subjects())
