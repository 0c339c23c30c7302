"""Reference data and demo data: which files, into which named graphs, and loading them.

Reference data (ontology, concept schemes, processes, legal retention categories, actors) is reloaded at every
start, each file replacing its own graph `graph:ref/{name}`, so that an upgrade of the register upgrades its
reference data and nothing else. Demo data goes into `graph:published`, only into an empty register.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import URIRef

from mdto import resources
from mdto.namespaces import GRAPH_PUBLISHED, reference_graph
from mdto.rdfio import parse_file
from mdto.store import Store


@dataclass(frozen=True)
class DataFile:
    path: Path
    graph: URIRef


def reference_files() -> list[DataFile]:
    """The ontology and every Turtle file directly in data/ (not data/demo)."""
    files = [DataFile(p, reference_graph("ontology")) for p in sorted(resources.path("ontology").glob("*.ttl"))]
    files += [DataFile(p, reference_graph(p.stem)) for p in sorted(resources.path("data").glob("*.ttl"))]
    return files


@cache
def _reference_graphs() -> tuple[str, ...]:
    # The reference files ship with the register and do not change while it runs: list them once, not on every
    # request (public_graphs() is on the read path of every page and query).
    return tuple(sorted({str(f.graph) for f in reference_files()}))


def reference_graphs() -> list[str]:
    return list(_reference_graphs())


def public_graphs() -> list[str]:
    """The graphs anyone may read: published descriptions and reference data."""
    return [str(GRAPH_PUBLISHED), *_reference_graphs()]


def demo_files() -> list[Path]:
    return sorted(resources.path("data", "demo").glob("*.ttl"))


def load_reference(store: Store) -> int:
    """Replace every reference graph by its file; returns the number of triples loaded."""
    by_graph: dict[URIRef, list] = {}
    for f in reference_files():
        by_graph.setdefault(f.graph, []).extend(parse_file(f.path).quads)
    return sum(store.replace_graph(str(g), quads) for g, quads in by_graph.items())


def has_published_data(store: Store) -> bool:
    return store.ask(f"ASK {{ GRAPH <{GRAPH_PUBLISHED}> {{ ?s ?p ?o }} }}")


def load_demo(store: Store) -> int:
    """Load the demo series into `graph:published` of an empty register; 0 when it already holds data."""
    if has_published_data(store):
        return 0
    quads = [q for p in demo_files() for q in parse_file(p).quads]
    return store.replace_graph(str(GRAPH_PUBLISHED), quads)
