"""The write gate: every path that writes data validates the resources it changes before it commits.

Only the written resources are validated, together with the descriptions of what they point at (concepts,
actors, processes from the in-memory reference data; parents and other resources from the store, fetched with
`mdto.repository.describe`), so the cost of a write does not grow with the size of the register. On a violation
the caller writes nothing and hands the report on.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Graph, URIRef

from mdto.refdata import public_graphs
from mdto.repository import describe
from mdto.store import Store
from mdto.validation.context import context_for
from mdto.validation.engine import validate
from mdto.validation.report import ValidationReport


class GateRefused(Exception):
    """A write refused by the gate; `report` says why."""

    def __init__(self, report: ValidationReport):
        super().__init__(f"{len(report.violations)} SHACL violation(s); nothing was written")
        self.report = report


def check_write(
    store: Store, data: Graph, profile: str = "mdto", graphs: Sequence[str] | None = None
) -> ValidationReport:
    """Validate what a write changes; `graphs` are where referenced resources are looked up in the store."""
    lookup = list(graphs) if graphs is not None else public_graphs()

    def fetch(iris: set[URIRef]) -> Graph:
        return describe(store, sorted(iris), lookup)

    return validate(data, profile, context=context_for(data, fetch))


def gate(store: Store, data: Graph, profile: str = "mdto", graphs: Sequence[str] | None = None) -> ValidationReport:
    """check_write, raising GateRefused when the write must not happen."""
    report = check_write(store, data, profile, graphs)
    if not report.conforms:
        raise GateRefused(report)
    return report
