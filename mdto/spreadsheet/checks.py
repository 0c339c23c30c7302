"""The SHACL check of imported rows: the register's shapes (profile `register`) on what each row would store.

Imported series are meant to be submitted, so rows are held to the `register` profile (MDTO plus what the
register needs before submit and publish, plus the legal retention maxima), the same shapes the write gate and
`serieregister validate` use. Only rows that write (nieuw, gewijzigd) are validated. Resources are validated in
chunks, each with the descriptions of what it points at: reference data in memory, then the other rows of the
same file (a dossier may point at a series on the Series sheet), then the store (published data, and the drafts
and records graphs of the rows' series).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.term import Node

from mdto.namespaces import expand
from mdto.refdata import public_graphs
from mdto.repository import describe
from mdto.spreadsheet.layout import Column
from mdto.store import Store
from mdto.validation import validate
from mdto.validation.context import context_for, describe_in

PROFILE = "register"
_CHUNK = 200


@dataclass(frozen=True)
class ShapeProblem:
    resource: Node
    field: str  # the field's Dutch label: the column header when the field has a column
    path: tuple[URIRef, ...]  # the property path of the result, e.g. (mdto:bewaartermijn, mdto:termijnLooptijd)
    message: str
    severity: str  # Violation | Warning | Info


def shape_problems(
    store: Store,
    descriptions: Sequence[tuple[URIRef, Graph]],
    graphs: Sequence[str] = (),
    progress: Callable[[int, int, str], None] | None = None,
) -> list[ShapeProblem]:
    """Every SHACL result about these resources, in the words of the report. What they point at is read from
    the public graphs and `graphs` (the drafts and records graphs of their series)."""
    in_file = Graph()
    for _, g in descriptions:
        in_file += g

    def fetch(iris: set[URIRef]) -> Graph:
        found = Graph()
        missing = set()
        for iri in iris:
            if (iri, None, None) in in_file:
                describe_in(in_file, iri, found)
            else:
                missing.add(iri)
        if missing:
            found += describe(store, sorted(missing), [*public_graphs(), *graphs])
        return found

    out: list[ShapeProblem] = []
    for i in range(0, len(descriptions), _CHUNK):
        data = Graph()
        for _, g in descriptions[i : i + _CHUNK]:
            data += g
        report = validate(data, PROFILE, context=context_for(data, fetch))
        out += [
            ShapeProblem(
                r.resource,
                r.field.nl,
                tuple(expand(p) for p in (r.path or "").split("/") if p),
                _without_field_prefix(r.message.nl, r.field.nl, r.path),
                r.severity,
            )
            for r in report.results
        ]
        if progress:
            progress(min(i + _CHUNK, len(descriptions)), len(descriptions), "valideren")
    return out


def column_for(problem: ShapeProblem, columns: Sequence[Column]) -> Column | None:
    """The column a result is about: by its field label, else by its path (a group's first column)."""
    by_label = next((c for c in columns if c.header == problem.field), None)
    if by_label is not None or not problem.path:
        return by_label
    first, last = problem.path[0], problem.path[-1]
    for c in columns:
        group = c.spec.group
        if group is None and c.spec.path == first:
            return c
        if group is not None and group.path == first and (len(problem.path) == 1 or c.spec.path == last):
            return c
    return None


def _without_field_prefix(message: str, field: str, path: str | None) -> str:
    """The report's message names its field first ('Beschrijving: verplicht ...'); the column already does."""
    head, sep, rest = message.partition(": ")
    if sep and (head in (field, path) or head.startswith(("http://", "https://"))):
        return rest
    return message
