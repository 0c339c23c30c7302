"""Lossless MDTO XML: documents using every element of the XSD, for every aggregation level and for bestanden,
validate against the XSD, import into a real store, export again and compare canonically."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from rdflib import URIRef

from mdto.namespaces import GRAPH_PUBLISHED, MDTO, resource_iri
from mdto.refdata import load_reference, public_graphs
from mdto.store import Store
from mdto.terms import iri as q_iri
from mdto.xml import Document, export_document, import_documents
from mdto.xml.export import graph_to_xml
from tests.mdto_documents import Builder, canonical, element_names

ACTOR = ("Stad Leuven", "stad-leuven", "Serieregister")


def package() -> dict[str, bytes]:
    """An archief > serie > dossier > stuk > bestand chain; every document uses every element."""
    chain = [("Archief", "rt-archief"), ("Serie", "rt-serie"), ("Dossier", "rt-dossier"), ("Archiefstuk", "rt-stuk")]
    docs = {}
    for i, (level, kenmerk) in enumerate(chain):
        refs = {"archiefvormer": ACTOR}
        if i:
            refs["isOnderdeelVan"] = (f"Object {chain[i - 1][1]}", chain[i - 1][1], "Serieregister")
        if level == "Archiefstuk":
            refs["heeftRepresentatie"] = ("Object rt-bestand", "rt-bestand", "Serieregister")
        docs[kenmerk] = Builder(level, kenmerk, refs).document()
    docs["rt-bestand"] = Builder(None, "rt-bestand", {"isRepresentatieVan": ("Object rt-stuk", "rt-stuk",
                                                                              "Serieregister")}).document()  # fmt: skip
    return docs


def test_built_documents_are_valid_and_cover_every_xsd_element(xsd_path: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(xsd_path)))
    xsd_names = {e.get("name") for e in etree.parse(str(xsd_path)).iter("{http://www.w3.org/2001/XMLSchema}element")}
    docs = package()
    for kenmerk, data in docs.items():
        assert schema.validate(etree.fromstring(data)), (kenmerk, schema.error_log)
    bestand_only = {"bestand", "omvang", "bestandsformaat", "checksum", "URLBestand", "isRepresentatieVan"}
    bestand_only |= {"checksumAlgoritme", "checksumWaarde", "checksumDatum"}
    for kenmerk, data in docs.items():
        if kenmerk == "rt-bestand":
            assert bestand_only <= element_names(data)
        else:  # every informatieobject document uses every element outside bestandType
            assert element_names(data) == xsd_names - bestand_only, kenmerk
    assert set().union(*map(element_names, docs.values())) == xsd_names


def test_import_then_export_loses_nothing(store: Store, xsd_path: Path) -> None:
    load_reference(store)
    docs = package()
    result = import_documents(store, [Document(k, d) for k, d in docs.items()], xsd_path=xsd_path)
    kinds = ["archief", "serie", "dossier", "stuk", "bestand"]
    assert result.iris == [resource_iri(kind, f"rt-{kind}") for kind in kinds]
    for iri, (kenmerk, original) in zip(result.iris, docs.items(), strict=True):
        exported = export_document(store, iri, public_graphs(), xsd_path)
        assert canonical(exported) == canonical(original), kenmerk
    # references inside the package and to the register became links, concepts became our concept IRIs
    graphs = [str(GRAPH_PUBLISHED)]
    stuk, dossier = resource_iri("stuk", "rt-stuk"), resource_iri("dossier", "rt-dossier")
    assert store.ask(f"ASK {{ {q_iri(stuk)} <{MDTO.isOnderdeelVan}> {q_iri(dossier)} }}", default_graphs=graphs)
    actor = "https://w3id.org/serieregister/id/actor/stad-leuven"
    assert store.ask(f"ASK {{ {q_iri(stuk)} <{MDTO.archiefvormer}> <{actor}> }}", default_graphs=graphs)
    waardering = "https://w3id.org/serieregister/id/begrip/waarderingen/v"
    assert store.ask(f"ASK {{ {q_iri(stuk)} <{MDTO.waardering}> <{waardering}> }}", default_graphs=graphs)


def test_unknown_references_stay_references(store: Store) -> None:
    load_reference(store)
    doc = Builder("Dossier", "los", {"isOnderdeelVan": ("Elders", "x-1", "Ander systeem")}).document()
    [iri] = import_documents(store, [Document("los", doc)]).iris
    assert canonical(export_document(store, iri, public_graphs())) == canonical(doc)
    rows = store.select(
        f"SELECT ?n WHERE {{ {q_iri(iri)} <{MDTO.isOnderdeelVan}> ?v . ?v <{MDTO.verwijzingNaam}> ?n }}",
        default_graphs=[str(GRAPH_PUBLISHED)],
    )
    assert "Elders" in {str(r["n"]) for r in rows}


def test_graph_to_xml_is_pure_and_xsd_valid(demo_store: Store, xsd_path: Path) -> None:
    from mdto.xml.export import Describer

    iri = URIRef("https://w3id.org/serieregister/id/stuk/aanvraagformulier-quincy-oeyen")
    graph = Describer(demo_store, public_graphs()).graph_for([iri])
    data = graph_to_xml(graph, iri, xsd_path)
    root = etree.fromstring(data)
    assert root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation") == (
        "https://www.nationaalarchief.nl/mdto https://www.nationaalarchief.nl/mdto/MDTO-XML1.0.1.xsd"
    )
    assert not [e for e in root.iter() if isinstance(e.tag, str) and len(e) == 0 and not (e.text or "").strip()]


def test_export_of_an_unknown_resource_is_a_lookup_error(demo_store: Store) -> None:
    with pytest.raises(LookupError):
        export_document(demo_store, "https://w3id.org/serieregister/id/stuk/bestaat-niet", public_graphs())
