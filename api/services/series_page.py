"""The model of a series page: every field of the series, labelled and grouped as the Serieregister groups them.

The fields and their labels come from `mappings/register.toml`. `LAYOUT` only places field keys into the groups of
the seeds (beschrijvend: inhoud, archiefvormer, dienstverlening en proces, datering; beheer: bewaartermijn,
bestemming, openbaarheid, hergebruik); a field the layout does not place still appears, under "Overige gegevens",
and fields that point at other series (type `resource`) make up the Relaties tab. So a new field in the table
shows up on the page without a change here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS

from api.i18n import date, duration, t
from api.services.page_common import Link, format_links, label_in, link, page_url
from mdto import browse
from mdto.mapping import FieldSpec, register_mapping
from mdto.model import Actor, Serie
from mdto.namespaces import MDTO, SR, resource_iri
from mdto.repository import describe, labels
from mdto.store import Store
from mdto.writeside.versions import list_versions

LAYOUT: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    (
        "beschrijvend",
        (
            ("inhoud", ("naam", "identificatie", "omschrijving", "trefwoord", "toepassingsgebied", "bewaargever")),
            ("archiefvormer", ("archiefvormer",)),
            ("proces", ("dienstverlening", "proces")),
            ("datering", ("geldigVan", "geldigTot")),
            (
                "privacy",
                (
                    "persoonsgegevens",
                    "wettelijkeBewaartermijn",
                    "rechtvaardigingLangereBewaring",
                    "beperkingGebruik",
                    "beperkingGebruikNadereBeschrijving",
                ),
            ),
        ),
    ),
    (
        "beheer",
        (
            (
                "bewaring",
                (
                    "waardering",
                    "bewaartermijn",
                    "termijnspecificatie",
                    "verduidelijkingTermijnspecificatie",
                    "motivering",
                    "informatiecategorie",
                ),
            ),
            ("toegang", ("openbaarheid", "hergebruik")),
        ),
    ),
)
OTHER_GROUP = "overig"


@dataclass
class ActorCard:
    """An archiefvormer as the seed shows it: identifier, name, alternative name."""

    link: Link
    identifiers: list[tuple[str, str]]
    alternative_names: list[str]


@dataclass
class Shown:
    text: str
    href: str | None = None
    iri: str | None = None
    long: bool = False
    chain: list[tuple[Link, int | None]] = field(default_factory=list)  # process hierarchy, top first, with levels
    actor: ActorCard | None = None


@dataclass
class Row:
    key: str
    label: str
    help: str
    values: list[Shown]


@dataclass
class Group:
    key: str
    title: str
    rows: list[Row]


@dataclass
class Section:
    key: str
    title: str
    groups: list[Group]


@dataclass
class SeriesPage:
    iri: str
    title: str
    identificatie: str | None
    is_template: bool
    issued: str | None
    modified: str | None
    sections: list[Section]
    relations: list[tuple[str, list[Link]]]
    related: list[tuple[str, Link]]
    formats: list[tuple[str, str, str]]
    jsonld: str
    description: str | None
    versions: list[tuple[int, str, str]] = field(default_factory=list)  # (number, published, JSON href)


def placed_keys() -> set[str]:
    return {key for _, groups in LAYOUT for _, keys in groups for key in keys}


def _values(spec: FieldSpec, serie: Serie) -> list[Any]:
    value = serie.get(spec.key)
    if value is None:
        return []
    return sorted(value, key=str) if spec.many else [value]  # sorted: a page reads the same on every request


def series_page(
    store: Store, g: Graph, iri: URIRef, graphs: Sequence[str], lang: str, available_formats: Mapping[str, str]
) -> SeriesPage:
    """Everything the series page shows. `g` is the series' description from the public `graphs`."""
    serie = Serie.from_graph(g, iri)
    specs = {s.key: s for s in register_mapping().fields_for("serie")}
    pointed = {URIRef(v) for s in specs.values() if s.is_iri for v in _values(s, serie)}
    chains = {
        URIRef(p): browse.broader_chain(store, URIRef(p), graphs)
        for s in specs.values()
        if s.type == "process"
        for p in _values(s, serie)
    }
    derived = browse.derived_series(store, iri, graphs)
    siblings = browse.sibling_series(store, iri, graphs)
    dossiers = browse.parts(store, iri, graphs)
    wholes = [URIRef(o) for o in g.objects(iri, MDTO.isOnderdeelVan)]
    related = _related(g, iri)
    every = pointed | {c for chain in chains.values() for c in chain} | set(derived + siblings + dossiers + wholes)
    every |= {r for _, r in related} | {rel for rel, _ in related}
    label_map = labels(store, every, graphs, lang)
    levels = browse.process_levels(store, sorted({c for chain in chains.values() for c in chain}), graphs)
    creators = [URIRef(v) for v in _values(specs["archiefvormer"], serie)] if "archiefvormer" in specs else []
    actors = _actors(store, creators, graphs, label_map)  # the creator as the seed shows it: a card

    def shown(spec: FieldSpec, value: Any) -> Shown:
        if spec.type == "process":
            chain = [(link(c, label_map), levels.get(c)) for c in chains.get(URIRef(value), [URIRef(value)])]
            return Shown(label_map.get(URIRef(value), str(value)), page_url(value), str(value), chain=chain)
        if spec.type == "actor" and URIRef(value) in actors:
            card = actors[URIRef(value)]
            return Shown(card.link.text, card.link.href, card.link.iri, actor=card)
        if spec.is_iri:
            ln = link(value, label_map)
            return Shown(ln.text, ln.href, ln.iri)
        if spec.type == "date":
            return Shown(date(str(value)))
        if spec.type == "duration":
            return Shown(duration(str(value), lang))
        if spec.type == "boolean":
            return Shown(t("yes" if value else "no", lang))
        if spec.type == "uri":
            return Shown(str(value), str(value))
        return Shown(str(value), long=spec.type == "text")

    def row(spec: FieldSpec) -> Row:
        return Row(spec.key, spec.label(lang), spec.help_en if lang == "en" else spec.help_nl,
                   [shown(spec, v) for v in _values(spec, serie)])  # fmt: skip

    sections = [
        Section(
            key,
            t(f"section_{key}", lang),
            [
                Group(gkey, t(f"group_{gkey}", lang), [row(specs[k]) for k in keys if k in specs])
                for gkey, keys in groups
            ],
        )
        for key, groups in LAYOUT
    ]
    rest = [s for s in specs.values() if s.key not in placed_keys() and s.type != "resource"]
    if rest:
        sections[-1].groups.append(Group(OTHER_GROUP, t(f"group_{OTHER_GROUP}", lang), [row(s) for s in rest]))

    relations: list[tuple[str, list[Link]]] = [
        (spec.label(lang), [link(v, label_map) for v in _values(spec, serie)])
        for spec in specs.values()
        if spec.type == "resource"
    ]
    relations += [
        (t("rel_derivatives", lang), [link(s, label_map) for s in derived]),
        (t("rel_siblings", lang), [link(s, label_map) for s in siblings]),
        (t("rel_part_of", lang), [link(w, label_map) for w in wholes]),
        (t("rel_parts", lang), [link(d, label_map) for d in dossiers]),
    ]
    title = label_in(g, iri, lang) or str(iri)
    slug = str(iri).removeprefix(str(resource_iri("serie", "")))
    issued, modified = g.value(iri, DCTERMS.issued), g.value(iri, DCTERMS.modified)
    formats = format_links(str(iri), available_formats)
    return SeriesPage(
        iri=str(iri),
        title=title,
        identificatie=serie.get("identificatie"),
        is_template=(iri, RDF.type, SR.Sjabloonserie) in g,
        issued=date(str(issued)) if issued else None,
        modified=date(str(modified)) if modified else None,
        sections=sections,
        relations=[(name, links) for name, links in relations if links],
        related=[(label_map.get(rel, str(rel)), link(r, label_map)) for rel, r in related],
        formats=formats,
        jsonld=schema_org(serie, title, label_map, actors, formats, issued, modified),
        description=serie.get("omschrijving"),
        versions=[
            (v["version"], date(v["published"][:10]), f"/series/{slug}/versions/{v['version']}")
            for v in list_versions(store, slug)
        ],
    )


def _related(g: Graph, iri: URIRef) -> list[tuple[URIRef, URIRef]]:
    """(relation type, related object) of every mdto:gerelateerdInformatieobject group."""
    out = []
    for node in g.objects(iri, MDTO.gerelateerdInformatieobject):
        target = g.value(node, MDTO.gerelateerdInformatieobjectVerwijzing)
        kind = g.value(node, MDTO.gerelateerdInformatieobjectTypeRelatie)
        if isinstance(target, URIRef) and isinstance(kind, URIRef):
            out.append((kind, target))
    return sorted(out)


def _actors(
    store: Store, iris: list[URIRef], graphs: Sequence[str], label_map: dict[URIRef, str]
) -> dict[URIRef, ActorCard]:
    if not iris:
        return {}
    g = describe(store, iris, graphs)
    cards = {}
    for i in iris:
        actor = Actor.from_graph(g, i)
        ids = [(x.kenmerk, x.bron) for x in actor.identificaties]
        cards[i] = ActorCard(link(i, label_map), sorted(ids), actor.alternatieve_namen)
    return cards


def schema_org(
    serie: Serie,
    title: str,
    label_map: dict[URIRef, str],
    actors: dict[URIRef, ActorCard],
    formats: list[tuple[str, str, str]],
    issued: object,
    modified: object,
) -> str:
    """schema.org JSON-LD for search engines: the series as an archival Collection, safe inside <script>."""
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": ["Collection", "ArchiveComponent"],
        "@id": str(serie.iri),
        "url": str(serie.iri),
        "name": title,
        "identifier": serie.get("identificatie"),
    }
    if serie.get("omschrijving"):
        doc["description"] = serie.get("omschrijving")
    if serie.get("trefwoord"):
        doc["keywords"] = serie.get("trefwoord")
    creators = [
        {
            "@type": "Organization",
            "@id": str(i),
            "name": card.link.text,
            "identifier": [k for k, _ in card.identifiers],
            **({"alternateName": card.alternative_names} if card.alternative_names else {}),
        }
        for i, card in actors.items()
    ]
    if creators:
        doc["creator"] = creators
    custodian = serie.get("bewaargever") if "bewaargever" in {f.key for f in serie.fields()} else None
    if custodian:
        doc["holdingArchive"] = {
            "@type": "ArchiveOrganization",
            "@id": str(custodian),
            "name": label_map.get(URIRef(custodian)),
        }
    start, end = serie.get("geldigVan"), serie.get("geldigTot")
    if start:
        doc["temporalCoverage"] = f"{start}/{end or '..'}"
    if issued:
        doc["datePublished"] = str(issued)
    if modified:
        doc["dateModified"] = str(modified)
    if formats:
        doc["encoding"] = [
            {"@type": "MediaObject", "encodingFormat": media, "contentUrl": href} for _, href, media in formats
        ]
    return json.dumps(doc, ensure_ascii=False, indent=1).replace("<", "\\u003c").replace(">", "\\u003e")
