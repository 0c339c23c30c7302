"""A page-sized set of triples in pyoxigraph terms, indexed by subject.

Resource pages are built from a few hundred triples per request; rdflib's graph costs more to fill than the
queries that produce them, so the read path keeps pyoxigraph's own terms and this small index instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from mdto.store import EmbeddedStore, Store
from mdto.terms import to_ox

Subject = ox.NamedNode | ox.BlankNode
Term = ox.NamedNode | ox.BlankNode | ox.Literal


class Triples:
    def __init__(self, triples: Iterable[ox.Triple] = ()):
        self._by_subject: dict[Subject, dict[tuple[ox.NamedNode, Term], None]] = {}
        self.add_all(triples)

    def add_all(self, triples: Iterable[ox.Triple]) -> None:
        for t in triples:
            self._by_subject.setdefault(t.subject, {})[(t.predicate, t.object)] = None  # type: ignore[index]

    def __iter__(self) -> Iterator[ox.Triple]:
        for s, pos in self._by_subject.items():
            for p, o in pos:
                yield ox.Triple(s, p, o)

    def __len__(self) -> int:
        return sum(len(pos) for pos in self._by_subject.values())

    def subjects(self) -> list[Subject]:
        return list(self._by_subject)

    def has_subject(self, s: Subject) -> bool:
        return s in self._by_subject

    def predicate_objects(self, s: Subject) -> list[tuple[ox.NamedNode, Term]]:
        return list(self._by_subject.get(s, ()))

    def objects(self, s: Subject | None = None, p: ox.NamedNode | None = None) -> list[Term]:
        subjects = [s] if s is not None else list(self._by_subject)
        return [o for x in subjects for (q, o) in self._by_subject.get(x, ()) if p is None or q == p]


def construct(store: Store, query: str, graphs: list[str]) -> list[ox.Triple]:
    """CONSTRUCT as pyoxigraph triples: straight from the engine on the embedded store."""
    if isinstance(store, EmbeddedStore):
        return list(store.oxigraph.query(query, default_graph=[ox.NamedNode(g) for g in graphs]))  # type: ignore[arg-type]
    return [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in store.construct(query, default_graphs=graphs)]
