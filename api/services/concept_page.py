"""The models of concept pages (a process shows its place in the hierarchy) and actor pages, each with the series
that point at them and a link to the search page filtered on them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from api.i18n import t
from api.services.page_common import Link, format_links, label_in, link, link_all, text_in
from mdto import browse
from mdto.mapping import register_mapping
from mdto.model import Actor
from mdto.namespaces import ORG, local_part
from mdto.repository import labels
from mdto.search.extract import PROCESNIVEAU, SERIES
from mdto.store import Store


@dataclass
class SeriesList:
    total: int
    items: list[tuple[Link, list[str]]]  # series, and the labels of the fields that point at the page's subject
    search_links: list[tuple[str, str]]  # (text, href) to the search page filtered on the subject


@dataclass
class ConceptPage:
    iri: str
    title: str
    notation: str | None
    definition: str | None
    scheme: Link | None
    is_process: bool
    chain: list[tuple[Link, int | None]]  # top first, ending with this concept
    narrower: list[Link]
    series: SeriesList
    formats: list[tuple[str, str, str]]


@dataclass
class ActorPage:
    iri: str
    title: str
    identifiers: list[tuple[str, str]]
    alternative_names: list[str]
    parents: list[Link]
    series: SeriesList
    formats: list[tuple[str, str, str]]


def _search_href(facet: str, iri: URIRef) -> str:
    return "/?" + urlencode({facet: local_part(str(iri)) or str(iri)})


def _series_list(store: Store, iri: URIRef, graphs: Sequence[str], lang: str, facets: list[str]) -> SeriesList:
    total, rows = browse.series_referring(store, iri, graphs)
    label_map = labels(store, [s for s, _ in rows], graphs, lang)
    field_labels = {s.key: s.label(lang) for s in register_mapping().fields_for("serie")}
    items = [(link(s, label_map), sorted(field_labels.get(k, k) for k in keys)) for s, keys in rows]
    search = []
    for f in facets:
        key = SERIES.facets.get(f)
        text = t("search_these", lang) + (f" ({field_labels[key]})" if key in field_labels and len(facets) > 1 else "")
        search.append((text, _search_href(f, iri)))
    return SeriesList(total, items, search if total else [])


def _facets_for_scheme(scheme: str | None) -> list[str]:
    """The search facets whose field takes concepts of this scheme."""
    keys = {s.key for s in register_mapping().fields_for("serie") if scheme and s.scheme == scheme}
    return [facet for facet, key in SERIES.facets.items() if key in keys]


def concept_page(
    store: Store, g: Graph, iri: URIRef, graphs: Sequence[str], lang: str, available_formats: Mapping[str, str]
) -> ConceptPage:
    scheme_iri = g.value(iri, SKOS.inScheme)
    scheme = (local_part(str(scheme_iri)) or "").partition("/")[2] or None if scheme_iri else None
    chain = browse.broader_chain(store, iri, graphs)
    levels = browse.process_levels(store, chain, graphs)
    is_process = iri in levels or any(s.type == "process" and s.scheme == scheme for s in register_mapping().fields)
    label_map = labels(store, [*chain, *([scheme_iri] if scheme_iri else [])], graphs, lang)
    facets = [PROCESNIVEAU] if is_process else _facets_for_scheme(scheme)
    return ConceptPage(
        iri=str(iri),
        title=label_in(g, iri, lang) or str(iri),
        notation=str(g.value(iri, SKOS.notation)) if g.value(iri, SKOS.notation) else None,
        definition=text_in(g, iri, SKOS.definition, lang),
        scheme=link(scheme_iri, label_map) if scheme_iri else None,
        is_process=is_process,
        chain=[(link(c, label_map), levels.get(c)) for c in chain] if len(chain) > 1 or is_process else [],
        narrower=link_all(store, browse.narrower(store, iri, graphs), graphs, lang),
        series=_series_list(store, iri, graphs, lang, facets),
        formats=format_links(str(iri), available_formats),
    )


def actor_page(
    store: Store, g: Graph, iri: URIRef, graphs: Sequence[str], lang: str, available_formats: Mapping[str, str]
) -> ActorPage:
    actor = Actor.from_graph(g, iri)
    actor_facets = [f for f, key in SERIES.facets.items() if register_mapping().field("serie", key).type == "actor"]
    return ActorPage(
        iri=str(iri),
        title=label_in(g, iri, lang) or actor.naam,
        identifiers=sorted((x.kenmerk, x.bron) for x in actor.identificaties),
        alternative_names=actor.alternatieve_namen,
        parents=link_all(store, [URIRef(p) for p in g.objects(iri, ORG.subOrganizationOf)], graphs, lang),
        series=_series_list(store, iri, graphs, lang, actor_facets),
        formats=format_links(str(iri), available_formats),
    )
