"""Checks on the register's own Turtle: the ontology, the reference data and the demo data.

The demo data must conform to the official MDTO SHACL shapes, which CI keeps beside the checkout in
../shared/mdto/rdf/ (see DESIGN.md, "Reference data"). The test fails, and does not skip, when they are missing.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
SHAPES = SHARED / "mdto" / "rdf" / "mdto-rdf-1.0-shacl.ttl"

ONTOLOGY_DIR = REPO / "ontology"
DATA_DIR = REPO / "data"
DEMO_DIR = DATA_DIR / "demo"
MAPPING = REPO / "mappings" / "register.toml"

SR = Namespace("https://w3id.org/serieregister/def#")
MDTO = Namespace("http://www.nationaalarchief.nl/mdto#")
ID = "https://w3id.org/serieregister/id/"
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")

TTL_FILES = sorted([*ONTOLOGY_DIR.rglob("*.ttl"), *DATA_DIR.rglob("*.ttl")])

# Every element of the MDTO XSD informatieobjectType and bestandType, and of their gegevensgroepen, by its
# RDF property (the RDF names of the coverage dates differ from the XML ones: BeginDatum/EindDatum).
MDTO_ELEMENTS = [
    # objectType
    "identificatie",
    "identificatieKenmerk",
    "identificatieBron",
    "naam",
    # informatieobjectType
    "aggregatieniveau",
    "classificatie",
    "trefwoord",
    "omschrijving",
    "raadpleeglocatie",
    "raadpleeglocatieFysiek",
    "raadpleeglocatieOnline",
    "dekkingInTijd",
    "dekkingInTijdType",
    "dekkingInTijdBeginDatum",
    "dekkingInTijdEindDatum",
    "dekkingInRuimte",
    "taal",
    "event",
    "eventType",
    "eventTijd",
    "eventVerantwoordelijkeActor",
    "eventResultaat",
    "waardering",
    "bewaartermijn",
    "termijnTriggerStartLooptijd",
    "termijnStartdatumLooptijd",
    "termijnLooptijd",
    "termijnEinddatum",
    "informatiecategorie",
    "isOnderdeelVan",
    "bevatOnderdeel",
    "heeftRepresentatie",
    "aanvullendeMetagegevens",
    "gerelateerdInformatieobject",
    "gerelateerdInformatieobjectVerwijzing",
    "gerelateerdInformatieobjectTypeRelatie",
    "archiefvormer",
    "betrokkene",
    "betrokkeneTypeRelatie",
    "betrokkeneActor",
    "activiteit",
    "beperkingGebruik",
    "beperkingGebruikType",
    "beperkingGebruikNadereBeschrijving",
    "beperkingGebruikDocumentatie",
    "beperkingGebruikTermijn",
    # bestandType
    "omvang",
    "bestandsformaat",
    "checksum",
    "checksumAlgoritme",
    "checksumWaarde",
    "checksumDatum",
    "URLBestand",
    "isRepresentatieVan",
    # verwijzingGegevens
    "verwijzingNaam",
    "verwijzingIdentificatie",
]


def _parse(path: Path) -> Graph:
    g = Graph()
    g.parse(path, format="turtle")
    return g


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def ontology() -> Graph:
    g = Graph()
    for path in sorted(ONTOLOGY_DIR.rglob("*.ttl")):
        g += _parse(path)
    return g


@pytest.fixture(scope="module")
def reference() -> Graph:
    """All reference data: every .ttl directly under data/ (not the demo)."""
    g = Graph()
    for path in sorted(DATA_DIR.glob("*.ttl")):
        g += _parse(path)
    return g


@pytest.fixture(scope="module")
def demo() -> Graph:
    g = Graph()
    for path in sorted(DEMO_DIR.rglob("*.ttl")):
        g += _parse(path)
    return g


@pytest.fixture(scope="module")
def data(reference: Graph, demo: Graph) -> Graph:
    return reference + demo


@pytest.fixture(scope="module")
def mapping() -> dict:
    with MAPPING.open("rb") as f:
        return tomllib.load(f)


def _ontology_terms(ontology: Graph) -> set[URIRef]:
    return {s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(str(SR))}


# ---------------------------------------------------------------- (a) parsing


def test_there_is_turtle_to_check():
    names = {p.relative_to(REPO).as_posix() for p in TTL_FILES}
    for expected in (
        "ontology/serieregister.ttl",
        "data/begrippen-mdto.ttl",
        "data/begrippen-register.ttl",
        "data/processen.ttl",
        "data/wettelijke-bewaartermijnen.ttl",
        "data/actoren.ttl",
        "data/demo/series.ttl",
        "data/demo/templates.ttl",
        "data/demo/records.ttl",
    ):
        assert expected in names


@pytest.mark.parametrize("path", TTL_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_turtle_parses(path: Path):
    g = _parse(path)
    assert len(g) > 0


@pytest.mark.parametrize("path", TTL_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_plain_turtle_without_graphs(path: Path):
    """The loader puts each file in its own graph: no TriG graph blocks inside the files."""
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"^\s*(GRAPH\s+)?<[^>]*>\s*\{", text, re.MULTILINE | re.IGNORECASE)


# ---------------------------------------------------------------- (b) ontology terms are documented


def test_ontology_resource(ontology: Graph):
    onts = list(ontology.subjects(RDF.type, OWL.Ontology))
    assert len(onts) == 1
    assert ontology.value(onts[0], OWL.versionInfo) is not None
    assert any(True for _ in ontology.objects(onts[0], URIRef("http://purl.org/dc/terms/title")))


def test_every_ontology_term_has_labels_and_definition(ontology: Graph):
    terms = _ontology_terms(ontology)
    assert terms
    problems = []
    for t in sorted(terms):
        langs = {o.language for o in ontology.objects(t, RDFS.label) if isinstance(o, Literal)}
        if not {"nl", "en"} <= langs:
            problems.append(f"{t}: rdfs:label needs @nl and @en (has {sorted(x or '' for x in langs)})")
        if ontology.value(t, SKOS.definition) is None:
            problems.append(f"{t}: no skos:definition")
        if ontology.value(t, RDF.type) is None:
            problems.append(f"{t}: no rdf:type")
    assert not problems, "\n".join(problems)


def test_every_property_has_domain_and_range(ontology: Graph):
    props = set()
    for cls in (RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        props |= {p for p in ontology.subjects(RDF.type, cls) if str(p).startswith(str(SR))}
    assert props
    problems = [
        str(p) for p in sorted(props) if ontology.value(p, RDFS.domain) is None or ontology.value(p, RDFS.range) is None
    ]
    assert not problems, "properties without rdfs:domain or rdfs:range: " + ", ".join(problems)


# ---------------------------------------------------------------- (c) every sr: term in use is defined


def _sr_terms_in_toml(mapping: dict) -> set[URIRef]:
    found: set[URIRef] = set()

    def walk(value):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(k)
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str):
            for local in re.findall(r"(?<![\w/#])sr:([A-Za-z_][\w-]*)", value):
                found.add(SR[local])

    walk(mapping)
    return found


def test_sr_terms_used_are_defined(ontology: Graph, data: Graph, mapping: dict):
    defined = {s for s in _ontology_terms(ontology) if ontology.value(s, RDF.type) is not None}
    used = {term for triple in data for term in triple if isinstance(term, URIRef) and str(term).startswith(str(SR))}
    used |= _sr_terms_in_toml(mapping)
    assert SR.toepassingsgebied in used
    missing = sorted(str(t) for t in used - defined)
    assert not missing, "sr: terms used but not defined in the ontology: " + ", ".join(missing)


# ---------------------------------------------------------------- (d) concept schemes named in the mapping


def _scheme_slugs(mapping: dict) -> list[str]:
    return sorted({f["scheme"] for f in mapping.get("field", []) if "scheme" in f})


def test_mapping_names_schemes(mapping: dict):
    assert "waarderingen" in _scheme_slugs(mapping)


@pytest.mark.parametrize("slug", _scheme_slugs(tomllib.loads(MAPPING.read_text(encoding="utf-8"))))
def test_scheme_exists_with_concepts(slug: str, reference: Graph):
    scheme = URIRef(f"{ID}begrippenlijst/{slug}")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in reference, f"no concept scheme {scheme}"
    assert (scheme, RDF.type, MDTO.VerwijzingGegevens) in reference
    assert reference.value(scheme, MDTO.verwijzingNaam) is not None
    assert reference.value(scheme, SR.lijsttype) in (SR.Open, SR.Gesloten)
    concepts = set(reference.subjects(SKOS.inScheme, scheme))
    assert concepts, f"concept scheme {slug} has no concepts"
    for c in concepts:
        assert str(c).startswith(f"{ID}begrip/{slug}/"), c


def test_every_concept_is_a_begrip(data: Graph):
    problems = []
    for c in set(data.subjects(RDF.type, SKOS.Concept)):
        labels = list(data.objects(c, MDTO.begripLabel))
        lists = list(data.objects(c, MDTO.begripBegrippenlijst))
        if len(labels) != 1 or len(lists) != 1:
            problems.append(f"{c}: begripLabel {len(labels)}, begripBegrippenlijst {len(lists)}")
            continue
        if labels[0].language is not None or labels[0].datatype not in (None, XSD_STRING):
            problems.append(f"{c}: begripLabel must be a plain string")
        if data.value(c, SKOS.prefLabel) is None or data.value(c, SKOS.inScheme) != lists[0]:
            problems.append(f"{c}: prefLabel missing or begripBegrippenlijst differs from skos:inScheme")
    assert not problems, "\n".join(problems)


def test_waardering_codes(reference: Graph):
    for code in ("B", "V", "N"):
        c = URIRef(f"{ID}begrip/waarderingen/{code.lower()}")
        assert reference.value(c, MDTO.begripCode) == Literal(code)


def test_processes_have_three_levels(reference: Graph):
    levels = {int(v) for v in reference.objects(None, SR.procesniveau)}
    assert levels == {1, 2, 3}
    for p in reference.subjects(SR.procesniveau, None):
        level = int(reference.value(p, SR.procesniveau))
        parent = reference.value(p, SKOS.broader)
        if level == 1:
            assert parent is None
        else:
            assert int(reference.value(parent, SR.procesniveau)) == level - 1, p
        assert (p, RDF.type, MDTO.Bedrijfsactiviteit) in reference


# ---------------------------------------------------------------- (e) every id: IRI the demo points at exists


def test_demo_iris_are_defined(data: Graph, demo: Graph):
    typed = {s for s in data.subjects(RDF.type, None) if isinstance(s, URIRef)}
    missing = sorted(
        {str(o) for o in demo.objects() if isinstance(o, URIRef) and str(o).startswith(ID) and o not in typed}
    )
    assert not missing, "undefined id: IRIs: " + ", ".join(missing)


# ---------------------------------------------------------------- (f) the official SHACL shapes


def test_demo_conforms_to_official_mdto_shapes(ontology: Graph, reference: Graph, demo: Graph):
    assert SHAPES.is_file(), f"official MDTO SHACL shapes missing: {SHAPES}"
    shapes = _parse(SHAPES)
    data_graph = Graph()
    for g in (ontology, reference, demo):
        data_graph += g
    conforms, _report_graph, report_text = validate(
        data_graph, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=False
    )
    assert conforms, report_text


# ---------------------------------------------------------------- (g) every MDTO element is used in the demo


@pytest.mark.parametrize("element", MDTO_ELEMENTS)
def test_demo_uses_mdto_element(element: str, demo: Graph):
    assert any(True for _ in demo.triples((None, MDTO[element], None))), f"mdto:{element} unused in data/demo"


# ---------------------------------------------------------------- register rules on the demo


def test_demo_register_rules(data: Graph, demo: Graph):
    problems = []
    v = URIRef(f"{ID}begrip/waarderingen/v")
    overig = URIRef(f"{ID}begrip/beperkinggebruiktypen/overig")
    for io in set(demo.subjects(RDF.type, MDTO.Informatieobject)):
        for prop in ("identificatie", "naam", "waardering", "archiefvormer", "beperkingGebruik"):
            if data.value(io, MDTO[prop]) is None:
                problems.append(f"{io}: no mdto:{prop}")
        if data.value(io, MDTO.bewaartermijn) is not None and data.value(io, MDTO.waardering) != v:
            problems.append(f"{io}: bewaartermijn without waardering V")
        for b in data.objects(io, MDTO.beperkingGebruik):
            nadere = data.value(b, MDTO.beperkingGebruikNadereBeschrijving)
            if data.value(b, MDTO.beperkingGebruikType) == overig and nadere is None:
                problems.append(f"{io}: beperking Overig without nadere beschrijving")
    for bestand in set(demo.subjects(RDF.type, MDTO.Bestand)):
        for prop in ("identificatie", "naam", "omvang", "bestandsformaat", "checksum", "isRepresentatieVan"):
            if data.value(bestand, MDTO[prop]) is None:
                problems.append(f"{bestand}: no mdto:{prop}")
    for s, p, o in demo:
        if isinstance(o, Literal) and str(o) == "":
            problems.append(f"{s} {p}: empty string")
    assert not problems, "\n".join(problems)


def test_demo_files_match_their_checksums(demo: Graph):
    checked = 0
    for bestand in demo.subjects(RDF.type, MDTO.Bestand):
        path = DEMO_DIR / "files" / str(demo.value(bestand, MDTO.naam))
        if not path.is_file():
            continue
        content = path.read_bytes()
        assert int(demo.value(bestand, MDTO.omvang)) == len(content)
        checksum = demo.value(bestand, MDTO.checksum)
        assert str(demo.value(checksum, MDTO.checksumWaarde)) == hashlib.sha256(content).hexdigest()
        checked += 1
    assert checked >= 1


def test_derived_series_point_at_templates(demo: Graph):
    prov = Namespace("http://www.w3.org/ns/prov#")
    pairs = list(demo.subject_objects(prov.wasDerivedFrom))
    assert pairs
    for _series, template in pairs:
        assert (template, RDF.type, SR.Sjabloonserie) in demo
