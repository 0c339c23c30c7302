"""The MDTO profile (shapes/mdto.ttl): every property shape conforms on a third-party fixture and fails, for
the intended constraint and path, when its field is removed, repeated, mistyped or emptied; and every SHACL-SPARQL
rule has a conforming and a violating case.

All broken copies go into one graph and one validation run, so the suite stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from mdto.namespaces import MDTO, concept_iri
from mdto.validation import ValidationReport, validate
from mdto.validation.profiles import shapes_graph
from mdto.validation.report import prefixed
from tests.validation_helpers import copy_resource, hits, load, subtree

EX = Namespace("https://archief.example.org/id/")
ROOTS = {"Informatieobject": EX["dossier-1"], "Bestand": EX["bestand-1"], "Object": EX["actor-1"]}
TYPE_COMPONENT = {
    SH.datatype: "DatatypeConstraintComponent",
    SH["or"]: "OrConstraintComponent",
    SH.nodeKind: "NodeKindConstraintComponent",
}


@dataclass(frozen=True)
class Case:
    shape: str
    mutation: str  # remove | repeat | mistype | empty
    path: URIRef
    component: str

    @property
    def id(self) -> str:
        return f"{self.shape}-{self.mutation}"


def _cases() -> list[Case]:
    shapes = shapes_graph("mdto")
    out = []
    for shape in sorted(shapes.subjects(RDF.type, SH.PropertyShape), key=str):
        path = shapes.value(shape, SH.path)
        name = prefixed(shape).rsplit("#", 1)[-1]
        if shapes.value(shape, SH.minCount) is not None:
            out.append(Case(name, "remove", path, "MinCountConstraintComponent"))
        if shapes.value(shape, SH.maxCount) is not None:
            out.append(Case(name, "repeat", path, "MaxCountConstraintComponent"))
        for param, component in TYPE_COMPONENT.items():
            if shapes.value(shape, param) is not None:
                out.append(Case(name, "mistype", path, component))
        if shapes.value(shape, SH.pattern) is not None:
            out.append(Case(name, "empty", path, "PatternConstraintComponent"))
    return out


CASES = _cases()


def _root_for(base: Graph, case: Case) -> URIRef:
    for prefix, root in ROOTS.items():
        if case.shape.startswith(prefix):
            return root
    for root in ROOTS.values():
        if any(p == case.path for _, p, _ in subtree(base, root)):
            return root
    raise AssertionError(f"the fixture does not use {case.path}")


def _mutate(g: Graph, iri: URIRef, case: Case) -> None:
    node = iri if (iri, case.path, None) in g else next(s for s, p, _ in subtree(g, iri) if p == case.path)
    first = g.value(node, case.path)
    if case.mutation == "remove":
        g.remove((node, case.path, None))
    elif case.mutation == "repeat":
        second = Literal(f"{first}x", datatype=first.datatype) if isinstance(first, Literal) else URIRef("urn:tweede")
        g.add((node, case.path, second))
    elif case.mutation == "mistype":
        g.set((node, case.path, Literal("true", datatype=XSD.boolean)))
    else:
        g.set((node, case.path, Literal("  ")))


@pytest.fixture(scope="module")
def broken() -> tuple[Graph, ValidationReport]:
    base = load("third_party.ttl")
    data = Graph()
    data += base
    for i, case in enumerate(CASES):
        iri = EX[f"case-{i}"]
        copy_resource(base, _root_for(base, case), iri, data)
        _mutate(data, iri, case)
    return data, validate(data, "mdto")


def test_the_third_party_fixture_conforms(broken: tuple[Graph, ValidationReport]) -> None:
    _, report = broken
    for root in ROOTS.values():
        assert hits(report, root) == set()


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c.id for c in CASES])
def test_each_property_shape_fails_for_its_reason(broken: tuple[Graph, ValidationReport], index: int) -> None:
    case = CASES[index]
    _, report = broken
    assert (case.component, prefixed(case.path)) in hits(report, EX[f"case-{index}"])


def test_every_property_shape_has_a_case() -> None:
    shapes = shapes_graph("mdto")
    covered = {c.shape for c in CASES}
    for shape in shapes.subjects(RDF.type, SH.PropertyShape):
        assert prefixed(shape).rsplit("#", 1)[-1] in covered


def test_every_shape_is_named_described_and_has_messages_in_both_languages() -> None:
    for profile in ("mdto", "register"):
        shapes = shapes_graph(profile)
        named = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
        for shape in named:
            for prop in (SH.name, SH.description, SH.message):
                langs = {o.language for o in shapes.objects(shape, prop)}
                assert {"nl", "en"} <= langs, f"{shape} lacks {prop} in nl and en"
            assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), shape


# ------------------------------------------------------------------------------------------ SHACL-SPARQL rules


def _one(edit) -> tuple[Graph, URIRef]:  # type: ignore[no-untyped-def]
    base = load("third_party.ttl")
    g = Graph()
    g += base
    edit(g)
    return g, EX["dossier-1"]


def _group(g: Graph, prop: URIRef) -> Node:
    return g.value(EX["dossier-1"], prop)


def _set_waardering(code: str | None, iri: URIRef | None = None):  # type: ignore[no-untyped-def]
    def edit(g: Graph) -> None:
        old = _group(g, MDTO.waardering)
        if iri is not None:
            g.set((EX["dossier-1"], MDTO.waardering, iri))
        else:
            g.set((old, MDTO.begripCode, Literal(code)))

    return edit


@pytest.mark.parametrize(
    ("edit", "violates"),
    [
        (_set_waardering("V"), False),
        (_set_waardering(None, concept_iri("waarderingen", "v")), False),
        (_set_waardering("B"), True),
        (_set_waardering(None, concept_iri("waarderingen", "b")), True),
    ],
    ids=["code-V", "register-V", "code-B", "register-B"],
)
def test_bewaartermijn_only_when_waardering_is_v(edit, violates: bool) -> None:  # type: ignore[no-untyped-def]
    g, iri = _one(edit)
    found = ("SPARQLConstraintComponent", "mdto:bewaartermijn") in hits(validate(g, "mdto"), iri)
    assert found is violates


@pytest.mark.parametrize(
    ("begin", "end", "violates"),
    [
        (Literal("2019", datatype=XSD.gYear), Literal("2019-06-01", datatype=XSD.date), False),
        (Literal("2019-06-01", datatype=XSD.date), Literal("2019", datatype=XSD.gYear), False),
        (Literal("2019-06", datatype=XSD.gYearMonth), Literal("2019-06-30", datatype=XSD.date), False),
        (Literal("2019-06-01", datatype=XSD.date), Literal("2019-05", datatype=XSD.gYearMonth), True),
        (Literal("2020", datatype=XSD.gYear), Literal("2019-12-31", datatype=XSD.date), True),
    ],
)
def test_dekking_in_tijd_end_not_before_begin(begin: Literal, end: Literal, violates: bool) -> None:
    def edit(g: Graph) -> None:
        group = _group(g, MDTO.dekkingInTijd)
        g.set((group, MDTO.dekkingInTijdBeginDatum, begin))
        g.set((group, MDTO.dekkingInTijdEindDatum, end))

    g, iri = _one(edit)
    found = ("SPARQLConstraintComponent", "mdto:dekkingInTijdEindDatum") in hits(validate(g, "mdto"), iri)
    assert found is violates


@pytest.mark.parametrize("register_concept", [False, True])
def test_beperking_overig_needs_a_description(register_concept: bool) -> None:
    def edit(g: Graph) -> None:
        group = _group(g, MDTO.beperkingGebruik)
        if register_concept:
            g.set((group, MDTO.beperkingGebruikType, concept_iri("beperkinggebruiktypen", "overig")))
        g.remove((group, MDTO.beperkingGebruikNadereBeschrijving, None))

    g, iri = _one(edit)
    assert ("SPARQLConstraintComponent", "mdto:beperkingGebruikNadereBeschrijving") in hits(validate(g, "mdto"), iri)
    conforming, _ = _one(lambda g: None)
    assert hits(validate(conforming, "mdto"), iri) == set()


def test_no_cycle_through_is_onderdeel_van() -> None:
    def edit(g: Graph) -> None:
        g.add((EX["serie-1"], RDF.type, MDTO.Informatieobject))
        g.add((EX["serie-1"], MDTO.isOnderdeelVan, EX["dossier-1"]))
        g.add((EX["dossier-1"], MDTO.isOnderdeelVan, EX["serie-1"]))

    g, iri = _one(edit)
    assert ("SPARQLConstraintComponent", "mdto:isOnderdeelVan") in hits(validate(g, "mdto"), iri)
    acyclic, _ = _one(lambda g: g.add((EX["dossier-1"], MDTO.isOnderdeelVan, EX["serie-1"])))
    assert ("SPARQLConstraintComponent", "mdto:isOnderdeelVan") not in hits(validate(acyclic, "mdto"), iri)


def test_identificatie_kenmerk_unique_within_its_bron() -> None:
    def edit(g: Graph, bron: str) -> None:
        g.add((EX["dossier-2"], RDF.type, MDTO.Informatieobject))
        node = BNode()
        g.add((EX["dossier-2"], MDTO.identificatie, node))
        g.add((node, MDTO.identificatieKenmerk, Literal("D-1")))
        g.add((node, MDTO.identificatieBron, Literal(bron)))

    clash, iri = _one(lambda g: edit(g, "Zaaksysteem"))
    assert ("SPARQLConstraintComponent", "mdto:identificatie") in hits(validate(clash, "mdto"), iri)
    other_source, _ = _one(lambda g: edit(g, "Ander systeem"))
    assert ("SPARQLConstraintComponent", "mdto:identificatie") not in hits(validate(other_source, "mdto"), iri)
