"""Typed access: building and reading series, dossiers, actors and concepts through the field table."""

from __future__ import annotations

import pytest
from rdflib import RDF, Literal
from rdflib.namespace import XSD

from mdto.mapping import parse_mapping, register_mapping
from mdto.model import Actor, Begrip, Dossier, Serie, kind_of
from mdto.namespaces import ID, MDTO, concept_iri, resource_iri
from mdto.refdata import public_graphs
from mdto.repository import describe
from mdto.store import Store
from mdto.values import ValueProblem

V = concept_iri("waarderingen", "v")
GEMEENTEN = concept_iri("toepassingsgebieden", "gemeenten")
AGSL = resource_iri("actor", "agb-stadsontwikkeling-leuven")


def a_series() -> Serie:
    return Serie.new(
        "test-verzekeringen",
        naam="Dossiers over verzekeringen",
        omschrijving="Polissen en briefwisseling.",
        archiefvormer=[AGSL],
        toepassingsgebied=[GEMEENTEN],
        waardering=V,
        bewaartermijn="P10Y",
        termijnspecificatie=concept_iri("termijnspecificaties", "na-afhandeling-van-het-informatieobject"),
        motivering="Verjaring van vorderingen.",
        geldigVan="1977",
        geldigTot="2019-12-31",
        persoonsgegevens=False,
        beperkingGebruik=concept_iri("beperkinggebruiktypen", "geen-beperking"),
    )


def test_round_trip_through_rdf() -> None:
    serie = a_series()
    g = serie.to_graph()
    again = Serie.from_graph(g, serie.iri)
    assert again.values() == serie.values()
    assert again.geldigVan == "1977"
    assert again.archiefvormer == [AGSL]


def test_encoding_follows_the_model() -> None:
    g = a_series().to_graph()
    iri = resource_iri("serie", "test-verzekeringen")
    assert (iri, RDF.type, MDTO.Informatieobject) in g
    assert (iri, MDTO.aggregatieniveau, ID["begrip/aggregatieniveaus/serie"]) in g
    (period,) = g.objects(iri, MDTO.dekkingInTijd)
    assert g.value(period, MDTO.dekkingInTijdBeginDatum) == Literal("1977", datatype=XSD.gYear)
    assert g.value(period, MDTO.dekkingInTijdEindDatum) == Literal("2019-12-31", datatype=XSD.date)
    assert g.value(period, MDTO.dekkingInTijdType) == ID["begrip/dekkingintijdtypen/geldigheidsperiode"]
    (term,) = g.objects(iri, MDTO.bewaartermijn)
    assert g.value(term, MDTO.termijnLooptijd) == Literal("P10Y", datatype=XSD.duration)
    (ident,) = g.objects(iri, MDTO.identificatie)
    assert str(g.value(ident, MDTO.identificatieBron)) == "Serieregister"
    assert kind_of(g, iri) == "serie"


def test_two_events_stay_apart() -> None:
    dossier = Dossier.new("d1", naam="Dossier 1", geopend="2020-03-01", gesloten="2021-06-30")
    g = dossier.to_graph()
    assert len(list(g.objects(dossier.iri, MDTO.event))) == 2
    again = Dossier.from_graph(g, dossier.iri)
    assert (again.geopend, again.gesloten) == ("2020-03-01", "2021-06-30")


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("geldigVan", "31/12/2019", "a year (2019), a year and month (2019-12) or a date"),
        ("geldigVan", "2019-02-30", "an existing calendar date"),
        ("bewaartermijn", "10 jaar", "ISO 8601 duration such as P10Y"),
        ("naam", "   ", "non-empty text"),
        ("persoonsgegevens", "ja", "true or false"),
        ("waardering", "not an iri", "an absolute IRI"),
    ],
)
def test_bad_values_say_which_field_and_what_is_valid(key: str, value: object, expected: str) -> None:
    with pytest.raises(ValueProblem) as e:
        Serie.new("x", **{key: value})
    assert e.value.field == key
    assert expected in str(e.value)


def test_single_valued_field_refuses_a_list() -> None:
    with pytest.raises(ValueError, match="takes one value"):
        Serie.new("x", naam=["a", "b"])


def test_unknown_field() -> None:
    with pytest.raises(KeyError):
        Serie.new("x", kleur="blauw")
    with pytest.raises(AttributeError):
        _ = a_series().kleur


def test_read_a_demo_series_from_the_store(demo_store: Store) -> None:
    iri = resource_iri("serie", "leuven-verzekeringen")
    serie = Serie.from_graph(describe(demo_store, [iri], public_graphs()), iri)
    assert serie.naam == "Dossiers over het afsluiten en opvolgen van verzekeringen"
    assert serie.archiefvormer == [AGSL]
    assert serie.bewaargever == resource_iri("actor", "stad-leuven")


def test_actor_and_concept_views(demo_store: Store) -> None:
    g = describe(demo_store, [AGSL, V], public_graphs())
    actor = Actor.from_graph(g, AGSL)
    assert actor.naam == "Autonoom Gemeentebedrijf Stadsontwikkeling Leuven"
    assert ("OVO003679", "OVO-code") in {(i.kenmerk, i.bron) for i in actor.identificaties}
    assert actor.alternatieve_namen == ["AGSL"]
    begrip = Begrip.from_graph(g, V)
    assert (begrip.label, begrip.code) == ("Tijdelijk te bewaren", "V")
    assert begrip.begrippenlijst == ID["begrippenlijst/waarderingen"]


def test_mapping_is_checked_when_loaded() -> None:
    assert {f.key for f in register_mapping().fields_for("serie")} >= {"naam", "waardering", "archiefvormer"}
    broken = '[kinds.serie]\nclass=["mdto:Informatieobject"]\nlabel_nl="S"\nlabel_en="S"\n' + (
        '[[field]]\nkey="x"\nkinds=["serie"]\npath="mdto:naam"\ntype="colour"\nlabel_nl="x"\nlabel_en="x"\n'
    )
    with pytest.raises(ValueError, match="unknown type 'colour'"):
        parse_mapping(broken)
