"""The one place where the write side asks whether a description may be stored: the SHACL write gate
(`mdto.validation.gate.check_write`, shapes in shapes/).

Profiles: "mdto" on every save, "register" for submit, forward and publish. The changed description is validated
together with what it points at (reference data; for dossiers and stukken, their parent from the published and
the organisation's own graphs). A refusal raises InputProblems with one problem per violation: the field key of
mappings/register.toml where the result names a field of the table, what was found, and what would be valid.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Graph, URIRef

from mdto.mapping import register_mapping
from mdto.refdata import public_graphs
from mdto.store import Store
from mdto.validation.gate import check_write
from mdto.validation.report import ValidationResult
from mdto.writeside.problems import InputProblems, Problem

PROFILES = ("mdto", "register")


def check(store: Store, graph: Graph, iri: URIRef, profile: str, graphs: Sequence[str] = ()) -> None:
    """Refuse (InputProblems, each with its SHACL result) a description that does not conform to `profile`."""
    if profile not in PROFILES:
        raise ValueError(f"unknown validation profile {profile!r}; use one of {PROFILES}")
    report = check_write(store, graph, profile, [*public_graphs(), *graphs])
    if not report.conforms:
        raise InputProblems([_problem(r) for r in report.violations])


def _problem(result: ValidationResult) -> Problem:
    keys = {f.label_en: f.key for f in register_mapping().fields}
    field = keys.get(result.field.en, result.path or result.field.en)
    if result.value is None:
        reason = f"missing: {result.message.en}"
    elif result.value == result.resource:  # a rule about the resource as a whole (e.g. retention when V)
        reason = result.message.en
    else:
        reason = f"{result.value_label or result.value!s} is not valid: {result.message.en}"
    return Problem(field, reason, result.expected.en, result.to_dict())
