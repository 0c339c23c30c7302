"""Helpers for the SHACL tests: fixtures as graphs, copies of a resource under a new IRI, result lookup."""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from mdto.validation import ValidationReport

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> Graph:
    return Graph().parse(FIXTURES / name, format="turtle")


def subtree(g: Graph, node: Node) -> list[tuple[Node, Node, Node]]:
    """The triples of `node` and of the blank nodes under it."""
    out, todo = [], [node]
    while todo:
        n = todo.pop()
        for p, o in g.predicate_objects(n):
            out.append((n, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return out


def copy_resource(g: Graph, iri: URIRef, new: URIRef, into: Graph) -> None:
    """Copy a resource's description under a new IRI with fresh blank nodes and a unique identifier."""
    from mdto.namespaces import MDTO

    fresh: dict[Node, BNode] = {}

    def m(n: Node) -> Node:
        if n == iri:
            return new
        if isinstance(n, BNode):
            return fresh.setdefault(n, BNode())
        return n

    for s, p, o in subtree(g, iri):
        if p == MDTO.identificatieKenmerk:
            o = type(o)(f"{o}-{new.rsplit('/', 1)[-1]}")
        into.add((m(s), p, m(o)))


def hits(report: ValidationReport, resource: Node) -> set[tuple[str, str | None]]:
    """(constraint component, path) of every result about `resource`."""
    return {(r.component, r.path) for r in report.results if r.resource == resource}
