"""The one place where the write side asks whether a series may be stored: the SHACL write gate.

Profiles: "mdto" (every save: what MDTO itself requires) and "register" (submit and publish: everything the
register needs before a series is published). A refusal raises InputProblems with one problem per violation.
"""

from __future__ import annotations

from rdflib import Graph, URIRef

from mdto.mapping import register_mapping
from mdto.model import Resource, kind_of
from mdto.store import Store
from mdto.writeside.problems import InputProblems, Problem

PROFILES = ("mdto", "register")


def check(store: Store, graph: Graph, iri: URIRef, profile: str) -> None:
    """Refuse (InputProblems) a description of a series, dossier or stuk that does not conform to `profile`."""
    if profile not in PROFILES:
        raise ValueError(f"unknown validation profile {profile!r}; use one of {PROFILES}")
    levels = {"always"} if profile == "mdto" else {"always", "publish"}
    kind = kind_of(graph, iri) or "serie"
    resource = Resource.from_graph(graph, iri, kind)
    problems = [
        Problem(spec.key, f"required ({'before publication' if spec.required == 'publish' else 'always'})",
                f"{spec.label_en}: {spec.help_en}")
        for spec in register_mapping().fields_for(kind)
        if spec.required in levels and resource.get(spec.key) in (None, [])
    ]  # fmt: skip
    if problems:
        raise InputProblems(problems)
