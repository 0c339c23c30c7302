"""Synthetic registers for benchmarks: N series with ten dossiers each, as N-Quads in graph:published.

Values come from the register's own reference data (scopes, services, level-3 processes, appraisals, triggers,
access regimes, information categories) and from a few hundred generated organisations (Flemish municipalities
and their agencies), so that facets have realistic spreads: a handful of scopes, dozens of processes, hundreds
of custodians. Names and descriptions are built from a Dutch archival vocabulary, so that full-text search has
common and rare words. Deterministic for a given seed.

    python bench/generate.py 10000 /tmp/register-10k.nq
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mdto.refdata import reference_files  # noqa: E402

ID = "https://w3id.org/serieregister/id/"
MDTO = "http://www.nationaalarchief.nl/mdto#"
SR = "https://w3id.org/serieregister/def#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
PUBLISHED = "https://w3id.org/serieregister/graph/published"

GEMEENTEN = [
    "Aalst",
    "Aarschot",
    "Antwerpen",
    "Asse",
    "Beersel",
    "Beringen",
    "Bilzen",
    "Blankenberge",
    "Bornem",
    "Brasschaat",
    "Brugge",
    "Deinze",
    "Dendermonde",
    "Diest",
    "Dilbeek",
    "Eeklo",
    "Genk",
    "Gent",
    "Geel",
    "Geraardsbergen",
    "Halle",
    "Hamme",
    "Harelbeke",
    "Hasselt",
    "Herentals",
    "Heist",
    "Ieper",
    "Izegem",
    "Kapellen",
    "Knokke",
    "Kortrijk",
    "Lier",
    "Lokeren",
    "Lommel",
    "Leuven",
    "Maaseik",
    "Mechelen",
    "Menen",
    "Mol",
    "Ninove",
    "Oostende",
    "Oudenaarde",
    "Poperinge",
    "Roeselare",
    "Ronse",
    "Schoten",
    "Sint-Niklaas",
    "Sint-Truiden",
    "Temse",
    "Tielt",
    "Tienen",
    "Tongeren",
    "Torhout",
    "Turnhout",
    "Vilvoorde",
    "Waregem",
    "Wetteren",
    "Zaventem",
    "Zele",
    "Zottegem",
    "Zwevegem",
    "Machelen",
    "Boom",
    "Duffel",
    "Essen",
    "Hoogstraten",
    "Kalmthout",
]
BESTUREN = ("Gemeente", "OCMW", "Politiezone", "AGB", "Brandweerzone", "Kerkfabriek", "Stadsarchief")
ONDERWERPEN = [
    "verzekeringen",
    "subsidies",
    "bouwvergunningen",
    "omgevingsvergunningen",
    "personeelsdossiers",
    "klachten",
    "belastingen",
    "begrotingen",
    "jaarrekeningen",
    "overheidsopdrachten",
    "huwelijken",
    "geboorten",
    "overlijdens",
    "verkiezingen",
    "sportinfrastructuur",
    "jeugdwerk",
    "bibliotheken",
    "erfgoed",
    "wegenwerken",
    "riolering",
    "afvalophaling",
    "milieuvergunningen",
    "evenementen",
    "markten",
    "kinderopvang",
    "onderwijs",
    "ruimtelijke",
    "planning",
    "grondaankopen",
    "onteigeningen",
    "leningen",
    "premies",
    "zonnepanelen",
    "vaccinaties",
    "naamswijzigingen",
    "openbaarheid",
    "hergebruik",
    "adviesraden",
    "gemeenteraad",
    "schepencollege",
]
VORMEN = (
    "Dossiers over",
    "Registers van",
    "Verslagen inzake",
    "Briefwisseling over",
    "Aanvragen voor",
    "Besluiten over",
)
WOORDEN = [
    "aanvraag",
    "beslissing",
    "briefwisseling",
    "verslag",
    "advies",
    "facturen",
    "polis",
    "contract",
    "bijlagen",
    "plannen",
    "attesten",
    "rapporten",
    "notulen",
    "goedkeuring",
    "toezicht",
    "controle",
    "uitbetaling",
    "terugvordering",
    "bezwaar",
    "beroep",
    "evaluatie",
    "inventaris",
    "overzicht",
    "dossier",
    "stukken",
    "formulier",
    "register",
    "lijst",
    "akte",
]


def concepts(scheme: str, level: int | None = None) -> list[str]:
    store = ox.Store()
    for f in reference_files():
        store.bulk_load(path=str(f.path), format=ox.RdfFormat.TURTLE)
    level_filter = f"?c <{SR}procesniveau> {level} ." if level else ""
    rows = store.query(
        f"SELECT ?c WHERE {{ ?c <{SKOS}inScheme> <{ID}begrippenlijst/{scheme}> . {level_filter} }} ORDER BY ?c"
    )
    return [r["c"].value for r in rows]


def generate(n_series: int, out: Path, seed: int = 7, dossiers_per_series: int = 10) -> int:
    rnd = random.Random(seed)
    pick = {
        s: concepts(s)
        for s in (
            "toepassingsgebieden",
            "dienstverlening",
            "waarderingen",
            "termijnspecificaties",
            "openbaarheidsregimes",
            "hergebruikvoorwaarden",
            "informatiecategorieen",
            "beperkinggebruiktypen",
        )
    }
    processes = concepts("processen", level=3)
    actors = [f"{b} {g}" for g in GEMEENTEN for b in BESTUREN]
    actor_iris = [f"{ID}actor/bench-{i}" for i in range(len(actors))]
    count = 0
    lines: list[str] = []
    g = f"<{PUBLISHED}>"

    def lit(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    def quad(s: str, p: str, o: str) -> None:
        nonlocal count
        lines.append(f"{s} <{p}> {o} {g} .\n")
        count += 1

    with out.open("w", encoding="utf-8") as fh:
        for i, (iri, name) in enumerate(zip(actor_iris, actors, strict=True)):
            quad(f"<{iri}>", RDF_TYPE, f"<{MDTO}Actor>")
            quad(f"<{iri}>", MDTO + "naam", lit(name))
            quad(f"<{iri}>", SKOS + "prefLabel", lit(name) + "@nl")
            del i
        for i in range(n_series):
            slug = f"bench-{i}"
            s = f"<{ID}serie/{slug}>"
            onderwerp = rnd.choice(ONDERWERPEN)
            naam = f"{rnd.choice(VORMEN)} {onderwerp} {rnd.choice(WOORDEN)} {i}"
            omschrijving = " ".join(
                ["Dit zijn dossiers over", onderwerp, "met"]
                + rnd.sample(WOORDEN, 12)
                + ["en bijhorende", rnd.choice(WOORDEN)]
            )
            actor = rnd.randrange(len(actors))
            proces = rnd.choice(processes)
            waardering = rnd.choice(pick["waarderingen"])
            start = rnd.randint(1950, 2023)
            quad(s, RDF_TYPE, f"<{MDTO}Informatieobject>")
            quad(s, MDTO + "aggregatieniveau", f"<{ID}begrip/aggregatieniveaus/serie>")
            quad(s, MDTO + "identificatie", f"_:id{slug}")
            quad(f"_:id{slug}", RDF_TYPE, f"<{MDTO}IdentificatieGegevens>")
            quad(f"_:id{slug}", MDTO + "identificatieKenmerk", lit(slug))
            quad(f"_:id{slug}", MDTO + "identificatieBron", lit("Serieregister"))
            quad(s, MDTO + "naam", lit(naam))
            quad(s, MDTO + "omschrijving", lit(omschrijving))
            for scope in rnd.sample(pick["toepassingsgebieden"], rnd.choice((1, 1, 1, 2))):
                quad(s, SR + "toepassingsgebied", f"<{scope}>")
            quad(s, SR + "bewaargever", f"<{actor_iris[actor]}>")
            quad(s, MDTO + "archiefvormer", f"<{actor_iris[actor]}>")
            quad(s, SR + "dienstverlening", f"<{rnd.choice(pick['dienstverlening'])}>")
            quad(s, MDTO + "activiteit", f"<{proces}>")
            quad(s, MDTO + "waardering", f"<{waardering}>")
            quad(s, MDTO + "dekkingInTijd", f"_:d{slug}")
            quad(f"_:d{slug}", RDF_TYPE, f"<{MDTO}DekkingInTijdGegevens>")
            quad(f"_:d{slug}", MDTO + "dekkingInTijdType", f"<{ID}begrip/dekkingintijdtypen/geldigheidsperiode>")
            quad(f"_:d{slug}", MDTO + "dekkingInTijdBeginDatum", f'"{start}-01-01"^^<{XSD}date>')
            if rnd.random() < 0.3:
                quad(f"_:d{slug}", MDTO + "dekkingInTijdEindDatum", f'"{rnd.randint(start, 2024)}-12-31"^^<{XSD}date>')
            quad(s, MDTO + "bewaartermijn", f"_:t{slug}")
            quad(f"_:t{slug}", RDF_TYPE, f"<{MDTO}TermijnGegevens>")
            quad(
                f"_:t{slug}", MDTO + "termijnLooptijd", f'"P{rnd.choice((1, 2, 5, 7, 10, 30, 110))}Y"^^<{XSD}duration>'
            )
            quad(f"_:t{slug}", MDTO + "termijnTriggerStartLooptijd", f"<{rnd.choice(pick['termijnspecificaties'])}>")
            quad(s, MDTO + "informatiecategorie", f"<{rnd.choice(pick['informatiecategorieen'])}>")
            quad(s, SR + "openbaarheid", f"<{rnd.choice(pick['openbaarheidsregimes'])}>")
            quad(s, SR + "hergebruik", f"<{rnd.choice(pick['hergebruikvoorwaarden'])}>")
            quad(s, SR + "bevatPersoonsgegevens", f'"{str(rnd.random() < 0.5).lower()}"^^<{XSD}boolean>')
            quad(s, MDTO + "beperkingGebruik", f"_:b{slug}")
            quad(f"_:b{slug}", RDF_TYPE, f"<{MDTO}BeperkingGebruikGegevens>")
            quad(f"_:b{slug}", MDTO + "beperkingGebruikType", f"<{rnd.choice(pick['beperkinggebruiktypen'])}>")
            for j in range(dossiers_per_series):
                d = f"<{ID}dossier/{slug}-{j}>"
                opened = rnd.randint(start, 2024)
                quad(s, MDTO + "bevatOnderdeel", d)
                quad(d, RDF_TYPE, f"<{MDTO}Informatieobject>")
                quad(d, MDTO + "aggregatieniveau", f"<{ID}begrip/aggregatieniveaus/dossier>")
                quad(d, MDTO + "isOnderdeelVan", s)
                quad(d, MDTO + "naam", lit(f"{onderwerp.capitalize()} {rnd.choice(WOORDEN)} {opened}-{j}"))
                quad(d, MDTO + "omschrijving", lit(" ".join(rnd.sample(WOORDEN, 8))))
                quad(d, MDTO + "archiefvormer", f"<{actor_iris[actor]}>")
                quad(d, MDTO + "activiteit", f"<{proces}>")
                quad(d, MDTO + "waardering", f"<{waardering}>")
                quad(d, SR + "openbaarheid", f"<{rnd.choice(pick['openbaarheidsregimes'])}>")
                quad(d, MDTO + "event", f"_:e{slug}-{j}")
                quad(f"_:e{slug}-{j}", MDTO + "eventType", f"<{ID}begrip/eventtypen/creatie>")
                quad(
                    f"_:e{slug}-{j}",
                    MDTO + "eventTijd",
                    f'"{opened}-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}"^^<{XSD}date>',
                )
            if len(lines) > 100_000:
                fh.writelines(lines)
                lines.clear()
        fh.writelines(lines)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("series", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    n = generate(args.series, args.out, args.seed)
    print(f"{args.out}: {n} quads", file=sys.stderr)


if __name__ == "__main__":
    main()
