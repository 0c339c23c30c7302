# ruff: noqa: E501 - the case tables read best one case per line
"""The register profile (shapes/register.ttl) and the legal maxima (shapes/legal-maxima.ttl): each shape has a
conforming case (the demo resource it starts from) and a violating one that fails on the intended constraint and
path. All broken copies are validated in one run."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import XSD, BNode, Graph, Literal, URIRef

from mdto.namespaces import MDTO, SR, concept_iri, resource_iri
from mdto.rdfio import parse_file, to_rdflib_graph
from mdto.refdata import demo_files
from mdto.validation import ValidationReport, validate
from mdto.validation.context import context_for
from tests.validation_helpers import copy_resource, hits

SERIE = resource_iri("serie", "leuven-klachtendossiers")
DOSSIER = resource_iri("dossier", "leuven-brandverzekering-gebouwen-2015")
STUK = resource_iri("stuk", "aanvraagformulier-quincy-oeyen")
BESTAND = resource_iri("bestand", "aanvraagformulier-quincy-oeyen-pdf")
WRONG_CONCEPT = concept_iri("eventtypen", "creatie")


def demo() -> Graph:
    return to_rdflib_graph(q for p in demo_files() for q in parse_file(p).quads)


def group(g: Graph, s: URIRef, prop: URIRef, fixed: URIRef | None = None) -> BNode:
    for node in g.objects(s, prop):
        if fixed is None or any(True for _ in g.triples((node, None, fixed))):
            return node  # type: ignore[return-value]
    raise AssertionError(f"{s} has no {prop} group")


def termijn(g: Graph, s: URIRef) -> BNode:
    return group(g, s, MDTO.bewaartermijn)


Edit = Callable[[Graph, URIRef], None]
CASES: list[tuple[str, URIRef, Edit, tuple[str, str]]] = [
    ("serie-omschrijving", SERIE, lambda g, s: g.remove((s, MDTO.omschrijving, None)), ("MinCountConstraintComponent", "mdto:omschrijving")),
    ("serie-toepassingsgebied", SERIE, lambda g, s: g.remove((s, SR.toepassingsgebied, None)), ("MinCountConstraintComponent", "sr:toepassingsgebied")),
    ("serie-toepassingsgebied-lijst", SERIE, lambda g, s: g.set((s, SR.toepassingsgebied, WRONG_CONCEPT)), ("NodeConstraintComponent", "sr:toepassingsgebied")),
    ("serie-archiefvormer-actor", SERIE, lambda g, s: g.set((s, MDTO.archiefvormer, WRONG_CONCEPT)), ("ClassConstraintComponent", "mdto:archiefvormer")),
    ("serie-bewaargever-een", SERIE, lambda g, s: g.add((s, SR.bewaargever, resource_iri("actor", "agb-stadsontwikkeling-leuven"))), ("MaxCountConstraintComponent", "sr:bewaargever")),
    ("serie-proces", SERIE, lambda g, s: g.remove((s, MDTO.activiteit, None)), ("MinCountConstraintComponent", "mdto:activiteit")),
    ("serie-proces-lijst", SERIE, lambda g, s: g.set((s, MDTO.activiteit, WRONG_CONCEPT)), ("NodeConstraintComponent", "mdto:activiteit")),
    ("serie-waardering-lijst", SERIE, lambda g, s: g.set((s, MDTO.waardering, WRONG_CONCEPT)), ("NodeConstraintComponent", "mdto:waardering")),
    ("serie-termijnspecificatie-lijst", SERIE, lambda g, s: g.set((termijn(g, s), MDTO.termijnTriggerStartLooptijd, WRONG_CONCEPT)), ("NodeConstraintComponent", "mdto:bewaartermijn/mdto:termijnTriggerStartLooptijd")),
    ("serie-informatiecategorie-lijst", SERIE, lambda g, s: g.set((s, MDTO.informatiecategorie, WRONG_CONCEPT)), ("NodeConstraintComponent", "mdto:informatiecategorie")),
    ("serie-informatiecategorie-aanbevolen", SERIE, lambda g, s: g.remove((s, MDTO.informatiecategorie, None)), ("MinCountConstraintComponent", "mdto:informatiecategorie")),
    ("serie-openbaarheid", SERIE, lambda g, s: g.remove((s, SR.openbaarheid, None)), ("MinCountConstraintComponent", "sr:openbaarheid")),
    ("serie-openbaarheid-lijst", SERIE, lambda g, s: g.set((s, SR.openbaarheid, WRONG_CONCEPT)), ("NodeConstraintComponent", "sr:openbaarheid")),
    ("serie-hergebruik-lijst", SERIE, lambda g, s: g.set((s, SR.hergebruik, WRONG_CONCEPT)), ("NodeConstraintComponent", "sr:hergebruik")),
    ("serie-dienstverlening-lijst", SERIE, lambda g, s: g.set((s, SR.dienstverlening, WRONG_CONCEPT)), ("NodeConstraintComponent", "sr:dienstverlening")),
    ("serie-wettelijke-categorie-lijst", SERIE, lambda g, s: g.set((s, SR.wettelijkeBewaartermijn, WRONG_CONCEPT)), ("NodeConstraintComponent", "sr:wettelijkeBewaartermijn")),
    ("serie-beperking-lijst", SERIE, lambda g, s: g.set((group(g, s, MDTO.beperkingGebruik), MDTO.beperkingGebruikType, WRONG_CONCEPT)), ("NodeConstraintComponent", "mdto:beperkingGebruik/mdto:beperkingGebruikType")),
    ("serie-persoonsgegevens-type", SERIE, lambda g, s: g.set((s, SR.bevatPersoonsgegevens, Literal("ja"))), ("DatatypeConstraintComponent", "sr:bevatPersoonsgegevens")),
    ("serie-rechtvaardiging-leeg", SERIE, lambda g, s: g.set((s, SR.rechtvaardigingLangereBewaring, Literal(" "))), ("PatternConstraintComponent", "sr:rechtvaardigingLangereBewaring")),
    ("serie-geldigheid", SERIE, lambda g, s: g.remove((s, MDTO.dekkingInTijd, None)), ("QualifiedMinCountConstraintComponent", "mdto:dekkingInTijd")),
    ("serie-v-looptijd", SERIE, lambda g, s: g.remove((termijn(g, s), MDTO.termijnLooptijd, None)), ("SPARQLConstraintComponent", "mdto:termijnLooptijd")),
    ("serie-v-trigger", SERIE, lambda g, s: g.remove((termijn(g, s), MDTO.termijnTriggerStartLooptijd, None)), ("SPARQLConstraintComponent", "mdto:termijnTriggerStartLooptijd")),
    ("serie-v-motivering", SERIE, lambda g, s: g.remove((termijn(g, s), SR.motivering, None)), ("SPARQLConstraintComponent", "sr:motivering")),
    ("serie-proces-niveau", SERIE, lambda g, s: g.set((s, MDTO.activiteit, concept_iri("processen", "p-1"))), ("SPARQLConstraintComponent", "mdto:activiteit")),
    ("dossier-omschrijving", DOSSIER, lambda g, s: g.remove((s, MDTO.omschrijving, None)), ("MinCountConstraintComponent", "mdto:omschrijving")),
    ("dossier-onderdeel", DOSSIER, lambda g, s: g.remove((s, MDTO.isOnderdeelVan, None)), ("MinCountConstraintComponent", "mdto:isOnderdeelVan")),
    ("dossier-proces", DOSSIER, lambda g, s: g.remove((s, MDTO.activiteit, None)), ("MinCountConstraintComponent", "mdto:activiteit")),
    ("dossier-openbaarheid", DOSSIER, lambda g, s: g.remove((s, SR.openbaarheid, None)), ("MinCountConstraintComponent", "sr:openbaarheid")),
    ("dossier-opening", DOSSIER, lambda g, s: g.remove((s, MDTO.event, group(g, s, MDTO.event, concept_iri("eventtypen", "creatie")))), ("QualifiedMinCountConstraintComponent", "mdto:event")),
    ("dossier-sluiting-een", DOSSIER, lambda g, s: _add_event(g, s, "bevriezing", "2021-01-01"), ("QualifiedMaxCountConstraintComponent", "mdto:event")),
    ("dossier-opening-in-geldigheid", DOSSIER, lambda g, s: g.set((group(g, s, MDTO.event, concept_iri("eventtypen", "creatie")), MDTO.eventTijd, Literal("2009", datatype=XSD.gYear))), ("SPARQLConstraintComponent", "mdto:eventTijd")),
    ("dossier-sluiting-na-opening", DOSSIER, lambda g, s: g.set((group(g, s, MDTO.event, concept_iri("eventtypen", "bevriezing")), MDTO.eventTijd, Literal("2014-12", datatype=XSD.gYearMonth))), ("SPARQLConstraintComponent", "mdto:eventTijd")),
    ("dossier-in-serie", DOSSIER, lambda g, s: g.set((s, MDTO.isOnderdeelVan, resource_iri("dossier", "subsidie-zonnepanelen-quincy-oeyen"))), ("SPARQLConstraintComponent", "mdto:isOnderdeelVan")),
    ("stuk-omschrijving", STUK, lambda g, s: g.remove((s, MDTO.omschrijving, None)), ("MinCountConstraintComponent", "mdto:omschrijving")),
    ("stuk-onderdeel-iri", STUK, lambda g, s: g.set((s, MDTO.isOnderdeelVan, BNode())), ("NodeKindConstraintComponent", "mdto:isOnderdeelVan")),
    ("stuk-aangemaakt", STUK, lambda g, s: g.remove((s, MDTO.event, group(g, s, MDTO.event, concept_iri("eventtypen", "creatie")))), ("QualifiedMinCountConstraintComponent", "mdto:event")),
    ("stuk-in-dossier", STUK, lambda g, s: g.set((s, MDTO.isOnderdeelVan, SERIE)), ("SPARQLConstraintComponent", "mdto:isOnderdeelVan")),
    ("bestand-formaat-lijst", BESTAND, lambda g, s: g.set((s, MDTO.bestandsformaat, WRONG_CONCEPT)), ("NodeConstraintComponent", "mdto:bestandsformaat")),
    ("bestand-algoritme-lijst", BESTAND, lambda g, s: g.set((group(g, s, MDTO.checksum), MDTO.checksumAlgoritme, WRONG_CONCEPT)), ("NodeConstraintComponent", "mdto:checksum/mdto:checksumAlgoritme")),
    ("bestand-van-stuk", BESTAND, lambda g, s: g.set((s, MDTO.isRepresentatieVan, DOSSIER)), ("SPARQLConstraintComponent", "mdto:isRepresentatieVan")),
    ("bestand-iri", BESTAND, lambda g, s: g.set((s, MDTO.isRepresentatieVan, BNode())), ("NodeKindConstraintComponent", "mdto:isRepresentatieVan")),
    ("maximum-overschreden", SERIE, lambda g, s: g.set((termijn(g, s), MDTO.termijnLooptijd, Literal("P10Y", datatype=XSD.duration))), ("SPARQLConstraintComponent", "mdto:termijnLooptijd")),
    ("maximum-een-dag-te-veel", SERIE, lambda g, s: g.set((termijn(g, s), MDTO.termijnLooptijd, Literal("P5Y1D", datatype=XSD.duration))), ("SPARQLConstraintComponent", "mdto:termijnLooptijd")),
]  # fmt: skip

# The same series within the cap, or beyond it with a justification: no legal-maximum result.
WITHIN: list[tuple[str, Edit]] = [
    ("gelijk-in-maanden", lambda g, s: g.set((termijn(g, s), MDTO.termijnLooptijd, Literal("P60M", datatype=XSD.duration)))),
    ("korter", lambda g, s: g.set((termijn(g, s), MDTO.termijnLooptijd, Literal("P4Y11M", datatype=XSD.duration)))),
    ("gerechtvaardigd", lambda g, s: (g.set((termijn(g, s), MDTO.termijnLooptijd, Literal("P30Y", datatype=XSD.duration))), g.add((s, SR.rechtvaardigingLangereBewaring, Literal("Anonimisering na vijf jaar."))))),
    ("geen-persoonsgegevens", lambda g, s: (g.set((termijn(g, s), MDTO.termijnLooptijd, Literal("P30Y", datatype=XSD.duration))), g.set((s, SR.bevatPersoonsgegevens, Literal(False))))),
]  # fmt: skip


def _add_event(g: Graph, s: URIRef, kind: str, when: str) -> None:
    node = BNode()
    g.add((s, MDTO.event, node))
    g.add((node, MDTO.eventType, concept_iri("eventtypen", kind)))
    g.add((node, MDTO.eventTijd, Literal(when, datatype=XSD.date)))


@pytest.fixture(scope="module")
def broken() -> ValidationReport:
    base = demo()
    data = Graph()
    data += base
    for name, root, edit, _ in CASES:
        iri = URIRef(f"{root}-{name}")
        copy_resource(base, root, iri, data)
        edit(data, iri)
    for name, edit in WITHIN:
        iri = URIRef(f"{SERIE}-{name}")
        copy_resource(base, SERIE, iri, data)
        edit(data, iri)
    return validate(data, "register", context=context_for(data))


@pytest.mark.parametrize(("name", "root", "edit", "expected"), CASES, ids=[c[0] for c in CASES])
def test_register_shape_fails_for_its_reason(broken: ValidationReport, name, root, edit, expected) -> None:  # type: ignore[no-untyped-def]
    assert expected in hits(broken, URIRef(f"{root}-{name}"))


@pytest.mark.parametrize("root", [SERIE, DOSSIER, STUK, BESTAND])
def test_the_demo_resources_the_cases_start_from_conform(broken: ValidationReport, root: URIRef) -> None:
    assert hits(broken, root) == set()


@pytest.mark.parametrize("name", [w[0] for w in WITHIN])
def test_legal_maximum_not_exceeded(broken: ValidationReport, name: str) -> None:
    assert ("SPARQLConstraintComponent", "mdto:termijnLooptijd") not in hits(broken, URIRef(f"{SERIE}-{name}"))


def test_legal_maximum_message_cites_article_and_cap(broken: ValidationReport) -> None:
    [result] = [r for r in broken.results if r.resource == URIRef(f"{SERIE}-maximum-overschreden")]
    assert "III.87 §1/1" in result.message.nl and "P5Y" in result.message.nl
    assert "III.87 §1/1" in result.message.en and "P5Y" in result.message.en
    assert result.field.nl == "Bewaartermijn" and result.severity == "Violation"


def test_severities_only_violations_fail(broken: ValidationReport) -> None:
    warning = [r for r in broken.results if r.resource == URIRef(f"{SERIE}-serie-informatiecategorie-aanbevolen")]
    info = [r for r in broken.results if r.resource == URIRef(f"{SERIE}-serie-proces-niveau")]
    assert {r.severity for r in warning} == {"Warning"}
    assert "Info" in {r.severity for r in info}
