"""The one entry point: validate an in-memory rdflib graph against a profile with pyshacl.

pyshacl runs without inference (no shape needs it, and RDFS inference made validation about five times slower)
and always on a fresh in-memory graph: over an Oxigraph-backed graph it is hundreds of times slower and reports
spurious results (DESIGN.md §4).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyshacl
from rdflib import Graph

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
    work = Graph()
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
    return build_report(results_graph, work, shapes, profile, own=set(data_graph.subjects()))
