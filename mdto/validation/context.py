"""The data a validation needs besides the resources themselves: the concepts, actors, processes and parents
they point at.

Shapes such as "the appraisal is a concept of the list Waarderingen" or "the dossier opens within its series'
validity" can only be checked when the description of what a resource points at is in the data graph. This
module adds exactly that (the closure of referenced IRIs, two steps deep), from the reference data kept in memory
and, for the write gate, from the store; never the whole register.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from rdflib import RDF, BNode, Graph, URIRef
from rdflib.term import Node

from mdto.rdfio import parse_file, to_rdflib_graph
from mdto.refdata import reference_files

Fetch = Callable[[set[URIRef]], Graph]


@cache
def reference_graph() -> Graph:
    """All reference data (ontology, concept schemes, processes, actors, legal categories), parsed once."""
    return to_rdflib_graph(q for f in reference_files() for q in parse_file(f.path).quads)


def referenced_iris(g: Graph) -> set[URIRef]:
    """IRIs used as objects in `g` (except classes) that `g` does not describe itself."""
    described = {s for s in g.subjects() if isinstance(s, URIRef)}
    return {o for p, o in g.predicate_objects() if isinstance(o, URIRef) and p != RDF.type} - described


def describe_in(source: Graph, iri: Node, into: Graph) -> None:
    """Copy the description of `iri` (its triples and the blank nodes under it) from `source` into `into`."""
    todo = [iri]
    while todo:
        node = todo.pop()
        for p, o in source.predicate_objects(node):
            into.add((node, p, o))
            if isinstance(o, BNode):
                todo.append(o)


def context_for(data: Graph, fetch: Fetch | None = None, depth: int = 3) -> Graph:
    """The descriptions of what `data` points at, `depth` steps deep: from the reference data first, then (for
    the IRIs it does not know) from `fetch`, e.g. the store."""
    ref = reference_graph()
    context = Graph()
    # what `data` describes itself is never fetched again, even when a neighbour points back at it: a new version
    # of a published series must not be validated together with its published description
    seen: set[URIRef] = {s for s in data.subjects() if isinstance(s, URIRef)}
    frontier = referenced_iris(data)
    for _ in range(depth):
        frontier -= seen
        if not frontier:
            break
        seen |= frontier
        missing: set[URIRef] = set()
        step = Graph()
        for iri in frontier:
            if (iri, None, None) in ref:
                describe_in(ref, iri, step)
            else:
                missing.add(iri)
        if fetch is not None and missing:
            step += fetch(missing)
        context += step
        frontier = referenced_iris(step)
    return context
