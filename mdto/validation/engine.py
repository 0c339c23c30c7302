"""The one entry point: validate an in-memory rdflib graph against a profile with pyshacl.

pyshacl runs without inference (no shape needs it, and RDFS inference made validation about five times slower)
and always on a fresh in-memory graph: over an Oxigraph-backed graph it is hundreds of times slower and reports
spurious results (DESIGN.md §4).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from pyshacl import Validator
from pyshacl.errors import ValidationFailure
from pyshacl.graph_abstraction import DataGraph
from pyshacl.monkey import apply_patches
from pyshacl.shapes_graph import ShapesGraph
from rdflib import RDF, BNode, Graph
from rdflib.plugins.sparql import algebra, prepareQuery
from rdflib.plugins.sparql.sparql import Query

from mdto.namespaces import MDTO
from mdto.validation.profiles import ProfileError, shapes_graph
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
    type_untyped_groups(work)
    results_graph = _run_pyshacl(work, shapes)
    return build_report(results_graph, work, shapes, profile, own=_own_nodes(data_graph))


_RUN_LOCK = threading.Lock()
_SHAPES_GRAPHS: dict[int, tuple[Graph, ShapesGraph]] = {}
_OPTIONS = {"inference": "none", "advanced": True, "inplace": True, "allow_warnings": True}


def _run_pyshacl(work: Graph, shapes: Graph) -> Graph:
    """pyshacl's Validator with the shapes harvested once per shapes graph.

    pyshacl.validate builds its shapes (about 150 Shape objects with their constraints) anew on every call; for
    a write through the gate that was most of the time. The harvested ShapesGraph is kept per shapes graph.
    """
    with _RUN_LOCK:
        apply_patches()
        cached = _SHAPES_GRAPHS.get(id(shapes))
        validator = Validator(DataGraph.from_rdflib(work), shacl_graph=shapes, options=dict(_OPTIONS))
        if cached is not None and cached[0] is shapes:
            validator.shacl_graph = cached[1]
        else:
            _SHAPES_GRAPHS[id(shapes)] = (shapes, validator.shacl_graph)
        try:
            _, results_graph, _ = validator.run()
        except ValidationFailure as e:
            raise ProfileError(f"the shapes cannot be used: {e}") from None
    return results_graph


# MDTO fields whose value is a begripGegevens or a verwijzingGegevens group (XSD types).
BEGRIP_FIELDS = (
    "aggregatieniveau",
    "classificatie",
    "waardering",
    "informatiecategorie",
    "bestandsformaat",
    "dekkingInTijdType",
    "eventType",
    "gerelateerdInformatieobjectTypeRelatie",
    "betrokkeneTypeRelatie",
    "beperkingGebruikType",
    "termijnTriggerStartLooptijd",
    "checksumAlgoritme",
)
VERWIJZING_FIELDS = (
    "dekkingInRuimte",
    "isOnderdeelVan",
    "bevatOnderdeel",
    "heeftRepresentatie",
    "aanvullendeMetagegevens",
    "archiefvormer",
    "activiteit",
    "isRepresentatieVan",
    "begripBegrippenlijst",
    "eventVerantwoordelijkeActor",
    "gerelateerdInformatieobjectVerwijzing",
    "betrokkeneActor",
    "beperkingGebruikDocumentatie",
    "raadpleeglocatieFysiek",
)


def type_untyped_groups(g: Graph) -> None:
    """Give an untyped blank node on a begrip or verwijzing field its MDTO class, as the XSD implies.

    Plain MDTO-RDF from elsewhere often leaves these nodes untyped. Typing them here lets the shapes reach them
    with sh:targetClass; a SPARQL-based target did the same but cost about a second per thousand values.
    """
    for fields, cls in ((BEGRIP_FIELDS, MDTO.BegripGegevens), (VERWIJZING_FIELDS, MDTO.VerwijzingGegevens)):
        for name in fields:
            for node in set(g.objects(None, MDTO[name])):
                if isinstance(node, BNode) and (node, RDF.type, None) not in g:
                    g.add((node, RDF.type, cls))


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


_PREPARE_LOCK = threading.Lock()


@cache
def _prepared(text: str) -> Query:
    """Parse once, keeping the triple patterns in the order written.

    rdflib reorders a basic graph pattern by how many variables each pattern has unbound when the query is
    translated; it cannot know that pyshacl binds $this at evaluation time, and so may start a per-focus-node
    query with a scan of the whole graph. Our shapes write each pattern after one that binds its subject,
    starting from $this, and are evaluated in that order.
    """
    with _PREPARE_LOCK:
        original = algebra.reorderTriples
        algebra.reorderTriples = list  # type: ignore[assignment]
        try:
            return prepareQuery(text)
        finally:
            algebra.reorderTriples = original


def _own_nodes(g: Graph) -> set:
    """The nodes a report may speak about: the data's subjects and its blank nodes (an emptied group too)."""
    return set(g.subjects()) | {o for o in g.objects() if isinstance(o, BNode)}
