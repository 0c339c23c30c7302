"""The one small interface every store implements (DESIGN.md §4).

Two implementations: `EmbeddedStore` (pyoxigraph on disk, the default) and `RemoteStore` (any SPARQL 1.1
Query/Update endpoint). Callers never see which one they have. Results come back as rdflib terms.

Datasets are always given by the caller (`default_graphs`, `named_graphs`), never left to a server's notion of
the default graph, so that a query asks the same data on every backend and cannot wander into graphs it was not
given.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from mdto.terms import iri, to_ox

Row = dict[str, Node]


class StoreError(RuntimeError):
    """A store operation failed; the message is meant for a person."""


class StoreUnavailable(StoreError):
    """The store cannot be reached or opened (unreachable endpoint, directory held by another process)."""


class QueryError(StoreError):
    """The store refused a query or update (syntax error, timeout, ...)."""


class Store(ABC):
    """SPARQL access plus the bulk operations the register needs."""

    description: str = "store"

    # -- queries -------------------------------------------------------------------------------------------
    @abstractmethod
    def select(self, query: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> list[Row]:
        """SELECT: one dict per solution, unbound variables left out."""

    @abstractmethod
    def ask(self, query: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> bool:
        """ASK."""

    @abstractmethod
    def construct(self, query: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> Graph:
        """CONSTRUCT or DESCRIBE, as an in-memory rdflib graph."""

    @abstractmethod
    def update(self, update: str) -> None:
        """SPARQL 1.1 Update, applied atomically."""

    # -- bulk ---------------------------------------------------------------------------------------------
    def insert(self, quads: Iterable[ox.Quad]) -> int:
        """Add quads atomically; returns how many were sent."""
        body, count = _quads_block(quads)
        if count:
            self.update(f"INSERT DATA {{\n{body}}}")
        return count

    def replace_graph(self, graph: str, triples: Graph | Iterable[ox.Quad]) -> int:
        """Replace the content of one named graph in a single atomic update."""
        quads = _as_quads(triples, graph)
        body, count = _quads_block(quads)
        insert = f" ;\nINSERT DATA {{\n{body}}}" if count else ""
        self.update(f"DROP SILENT GRAPH {iri(graph)}{insert}")
        return count

    def drop_graph(self, graph: str) -> None:
        self.update(f"DROP SILENT GRAPH {iri(graph)}")

    @abstractmethod
    def named_graphs(self) -> list[str]:
        """IRIs of the named graphs that hold data."""

    def count(self, graph: str | None = None) -> int:
        """Number of quads in one named graph, or in all of them."""
        where = f"GRAPH {iri(graph)} {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        return int(rows[0]["n"]) if rows else 0

    @abstractmethod
    def dump(self, out: BinaryIO, fmt: str = "nquads") -> None:
        """Write the whole dataset as N-Quads or TriG."""

    @abstractmethod
    def restore(self, quads: Sequence[ox.Quad]) -> None:
        """Replace the whole dataset by these quads (already parsed and checked by the caller)."""

    def close(self) -> None:  # noqa: B027 - optional for implementations
        """Release files or connections."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _as_quads(triples: Graph | Iterable[ox.Quad], graph: str) -> Iterable[ox.Quad]:
    target = ox.NamedNode(graph)
    if isinstance(triples, Graph):
        return (ox.Quad(to_ox(s), to_ox(p), to_ox(o), target) for s, p, o in triples)
    return (ox.Quad(q.subject, q.predicate, q.object, target) for q in triples)


def _quads_block(quads: Iterable[ox.Quad]) -> tuple[str, int]:
    """INSERT DATA body, grouped by graph. Terms come from pyoxigraph, so they are valid and escaped."""
    by_graph: dict[str, list[str]] = {}
    count = 0
    for q in quads:
        g = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
        by_graph.setdefault(g, []).append(f"{q.subject} {q.predicate} {q.object} .")
        count += 1
    parts = []
    for g, lines in by_graph.items():
        body = "\n".join(lines)
        parts.append(f"GRAPH {g} {{\n{body}\n}}\n" if g else body + "\n")
    return "".join(parts), count


def dump_path_format(path: Path) -> str:
    """`nquads` or `trig` from a dump file name (a trailing .gz is allowed)."""
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(".trig"):
        return "trig"
    if name.endswith((".nq", ".nquads")):
        return "nquads"
    raise StoreError(f"{path}: a dump is N-Quads (.nq) or TriG (.trig), optionally gzipped (.gz)")
