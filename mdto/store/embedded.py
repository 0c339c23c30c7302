"""The embedded store: Oxigraph on disk through pyoxigraph, no server to start (the default)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Graph

from mdto.rdfio import FORMATS
from mdto.store.base import QueryError, Row, Store, StoreError, StoreUnavailable
from mdto.terms import from_ox


class EmbeddedStore(Store):
    def __init__(self, path: Path | None = None):
        """Open (or create) the store directory `path`; `None` gives an in-memory store for tests."""
        self.path = path
        self.description = f"embedded store {path}" if path else "in-memory store"
        try:
            if path is None:
                self._ox = ox.Store()
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._ox = ox.Store(str(path))
        except OSError as e:
            text = str(e)
            if "lock" in text.lower():
                raise StoreUnavailable(
                    f"the store directory {path} is in use by another process (is `serieregister serve` "
                    "running on it?); stop that process, or talk to its SPARQL endpoint with --sparql"
                ) from None
            raise StoreUnavailable(f"cannot open the store directory {path}: {text}") from None

    def _run(self, query: str, default_graphs: Sequence[str], named_graphs: Sequence[str]) -> object:
        try:
            return self._ox.query(
                query,
                default_graph=[ox.NamedNode(g) for g in default_graphs] or None,
                named_graphs=[ox.NamedNode(g) for g in named_graphs] or None,
            )
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {e}") from None
        except (OSError, ValueError) as e:
            raise QueryError(f"query failed: {e}") from None

    def select(self, query: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> list[Row]:
        result = self._run(query, default_graphs, named_graphs)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("not a SELECT query")
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = from_ox(value)
            rows.append(row)
        return rows

    def ask(self, query: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> bool:
        result = self._run(query, default_graphs, named_graphs)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("not an ASK query")
        return bool(result)

    def construct(self, query: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> Graph:
        result = self._run(query, default_graphs, named_graphs)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("not a CONSTRUCT or DESCRIBE query")
        g = Graph()
        for t in result:
            g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return g

    def update(self, update: str) -> None:
        try:
            self._ox.update(update)
        except SyntaxError as e:
            raise QueryError(f"SPARQL update syntax error: {e}") from None
        except (OSError, ValueError) as e:
            raise QueryError(f"update failed: {e}") from None

    def insert(self, quads: Sequence[ox.Quad]) -> int:  # type: ignore[override]
        """Faster than INSERT DATA: pyoxigraph's transactional extend."""
        quads = list(quads)
        try:
            self._ox.extend(quads)
        except OSError as e:
            raise StoreError(f"insert failed, nothing written: {e}") from None
        return len(quads)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode))

    def dump(self, out: BinaryIO, fmt: str = "nquads") -> None:
        self._ox.dump(out, format=FORMATS[fmt][0])

    def restore(self, quads: Sequence[ox.Quad]) -> None:
        self._ox.clear()
        self._ox.extend(quads)

    @property
    def oxigraph(self) -> ox.Store:
        """The pyoxigraph store itself, for the few callers that stream results (SPARQL endpoint, export)."""
        return self._ox

    def close(self) -> None:
        self._ox.flush()
        del self._ox
