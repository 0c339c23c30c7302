"""A minimal subject-indexed set of triples: what the MDTO XML writer and reader ask of a graph.

Filling an rdflib Graph costs tens of microseconds per triple, which made export and import spend most of their
time indexing; this keeps one dict per subject and answers `objects`, `value`, `in` and iteration the way rdflib
does, so `graph_to_xml` accepts either.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import BNode
from rdflib.term import Node

Triple = tuple[Node, Node, Node]
_EMPTY: dict = {}


class Triples:
    def __init__(self) -> None:
        self._by_subject: dict[Node, dict[Node, list[Node]]] = {}

    def add(self, triple: Triple) -> None:
        s, p, o = triple
        values = self._by_subject.setdefault(s, {}).setdefault(p, [])
        if o not in values:
            values.append(o)

    @classmethod
    def from_graph(cls, graph: Iterable[Triple]) -> Triples:
        out = cls()
        for triple in graph:
            out.add(triple)
        return out

    def properties(self, subject: Node) -> dict[Node, list[Node]]:
        """Property -> values of one subject (do not modify)."""
        return self._by_subject.get(subject, _EMPTY)

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        return iter(list(self._by_subject.get(subject, _EMPTY).get(predicate, ())))

    def value(self, subject: Node, predicate: Node) -> Node | None:
        values = self._by_subject.get(subject, {}).get(predicate)
        return values[0] if values else None

    def predicate_objects(self, subject: Node) -> Iterator[tuple[Node, Node]]:
        for p, values in self._by_subject.get(subject, {}).items():
            for o in values:
                yield p, o

    def __contains__(self, triple: tuple[Node, Node | None, Node | None]) -> bool:
        s, p, o = triple
        by_p = self._by_subject.get(s)
        if not by_p:
            return False
        if p is None:
            return o is None or any(o in v for v in by_p.values())
        values = by_p.get(p, ())
        return bool(values) if o is None else o in values

    def __iter__(self) -> Iterator[Triple]:
        for s, by_p in self._by_subject.items():
            for p, values in by_p.items():
                for o in values:
                    yield s, p, o

    def merge(self, other: Triples) -> None:
        """Add every triple of `other` (subjects already present get the union of their values)."""
        for s, by_p in other._by_subject.items():
            if s not in self._by_subject:
                self._by_subject[s] = {p: list(v) for p, v in by_p.items()}
            else:
                for p, values in by_p.items():
                    for o in values:
                        self.add((s, p, o))

    def remove_tree(self, node: Node) -> None:
        """Remove `node`'s triples and, recursively, those of the blank nodes under it."""
        for _, o in list(self.predicate_objects(node)):
            if isinstance(o, BNode):
                self.remove_tree(o)
        self._by_subject.pop(node, None)

    def replace_object(self, subject: Node, predicate: Node, old: Node, new: Node) -> None:
        values = self._by_subject[subject][predicate]
        values[values.index(old)] = new
