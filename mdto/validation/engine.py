"""The one entry point: validate an in-memory rdflib graph against a profile with pyshacl.

pyshacl runs without inference (no shape needs it, and RDFS inference made validation about five times slower)
and always on a fresh in-memory graph: over an Oxigraph-backed graph it is hundreds of times slower and reports
spurious results (DESIGN.md §4).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pyshacl
from rdflib import BNode, Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from mdto.validation.profiles import shapes_graph
from mdto.validation.report import ValidationReport, build_report


def validate(
    data_graph: Graph,
    profile: str = "mdto",
    extra_shapes: Iterable[Path] = (),
    context: Graph | None = None,
    official_shapes: Path | None = None,
) -> ValidationReport:
    """Validate `data_graph` (plus `context`: the descriptions of what it points at) against `profile`.

    Only results about the data itself are reported: the context is there so that references can be checked,
    not to be judged itself.
    """
    shapes = shapes_graph(profile, tuple(extra_shapes), official_shapes)
    work = _PreparedQueryGraph()
    for t in data_graph:
        work.add(t)
    if context is not None:
        for t in context:
            work.add(t)
    _, results_graph, _ = pyshacl.validate(
        work,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        inplace=True,
        allow_warnings=True,
    )
    return build_report(results_graph, work, shapes, profile, own=_own_nodes(data_graph))


class _PreparedQueryGraph(Graph):
    """An in-memory graph that parses each SPARQL text once.

    pyshacl sends the same query text for every focus node of a SHACL-SPARQL constraint (binding $this through
    initBindings), and rdflib parses a text query anew each time: about 70 ms, far more than evaluating it. A
    prepared query is reusable with other bindings, so the parsed form is cached by its text.
    """

    def query(self, query_object, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@cache
def _prepared(text: str) -> Query:
    return prepareQuery(text)


def _own_nodes(g: Graph) -> set:
    """The nodes a report may speak about: the data's subjects and its blank nodes (an emptied group too)."""
    return set(g.subjects()) | {o for o in g.objects() if isinstance(o, BNode)}
