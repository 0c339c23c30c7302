"""The models of concept pages (a process shows its place in the hierarchy) and actor pages, each with the series
that point at them, per field, and a link to the search page filtered on them.

The lists come from the read side's search (one filter each), so a broad concept (a level-1 process, the
appraisal V) costs the same at 100,000 series as at 100; only fields the search has no filter for are asked of
the store."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from api.services.page_common import Link, format_links, label_in, link, link_all, page_url, text_in
from api.services.search import SearchParams, SearchService
from api.services.search_page import validity
from mdto import browse
from mdto.mapping import FieldSpec
from mdto.model import Actor
from mdto.namespaces import ORG, local_part
from mdto.repository import labels
from mdto.search.extract import PROCESNIVEAU, SERIES
from mdto.store import Store

LIST_SIZE = 50  # series listed per field; the search page has all of them


@dataclass
class SeriesGroup:
    """The series that point at the page's subject through one field: how many, the first ones, and the link
    to all of them on the search page (when the field is one of its filters)."""

    title: str
    total: int
    items: list[tuple[Link, str | None]]  # series, "Geldig van ..." when known
    search_href: str | None


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
    series: list[SeriesGroup]
    formats: list[tuple[str, str, str]]


@dataclass
class ActorPage:
    iri: str
    title: str
    identifiers: list[tuple[str, str]]
    alternative_names: list[str]
    parents: list[Link]
    series: list[SeriesGroup]
    formats: list[tuple[str, str, str]]


def _search_href(facet: str, iri: URIRef) -> str:
    return "/?" + urlencode({facet: local_part(str(iri)) or str(iri)})


def _searched(search: SearchService, facet: str, title: str, iri: URIRef, lang: str) -> SeriesGroup:
    """One facet of the read side's search: fast at any register size (bitsets over the index)."""
    params = SearchParams(None, {facet: (str(iri),)}, None, None, "name", 1, LIST_SIZE)
    result = search.series(params)
    items = [
        (Link(h["naam"], page_url(h["iri"]), h["iri"]), validity(h.get("geldigVan"), h.get("geldigTot"), lang))
        for h in result["items"]
    ]
    return SeriesGroup(title, result["total"], items, _search_href(facet, iri) if result["total"] else None)


def _queried(
    store: Store, fields: list[FieldSpec], targets: list[URIRef], graphs: Sequence[str], lang: str
) -> list[SeriesGroup]:
    """Fields the search has no filter for: asked of the store, one group per field."""
    groups = []
    for spec in fields:
        total, rows = browse.series_referring(store, targets, [spec], graphs, LIST_SIZE)
        label_map = labels(store, [s for s, _ in rows], graphs, lang)
        groups.append(SeriesGroup(spec.label(lang), total, [(link(s, label_map), None) for s, _ in rows], None))
    return groups


def series_groups(
    store: Store, search: SearchService, iri: URIRef, fields: list[FieldSpec], graphs: Sequence[str], lang: str
) -> list[SeriesGroup]:
    """Per field that can point at the subject: the series that do. A process counts the series under its
    narrower processes too (the search's procesniveau filter)."""
    facet_of = {key: facet for facet, key in SERIES.facets.items()}
    groups, rest = [], []
    for spec in fields:
        if spec.type == "process":
            groups.append(_searched(search, PROCESNIVEAU, spec.label(lang), iri, lang))
        elif spec.key in facet_of:
            groups.append(_searched(search, facet_of[spec.key], spec.label(lang), iri, lang))
        else:
            rest.append(spec)
    return [g for g in groups + _queried(store, rest, [iri], graphs, lang) if g.total]


def concept_page(
    store: Store,
    g: Graph,
    iri: URIRef,
    graphs: Sequence[str],
    lang: str,
    available_formats: Mapping[str, str],
    search: SearchService,
) -> ConceptPage:
    scheme_iri = g.value(iri, SKOS.inScheme)
    scheme = (local_part(str(scheme_iri)) or "").partition("/")[2] or None if scheme_iri else None
    chain = browse.broader_chain(store, iri, graphs)
    levels = browse.process_levels(store, chain, graphs)
    fields = browse.referring_fields("process") if scheme in _process_schemes() else []
    fields = fields or browse.referring_fields("concept", scheme)
    is_process = bool(fields) and fields[0].type == "process"
    label_map = labels(store, [*chain, *([scheme_iri] if scheme_iri else [])], graphs, lang)
    return ConceptPage(
        iri=str(iri),
        title=label_in(g, iri, lang) or str(iri),
        notation=str(g.value(iri, SKOS.notation)) if g.value(iri, SKOS.notation) else None,
        definition=text_in(g, iri, SKOS.definition, lang),
        scheme=link(scheme_iri, label_map) if scheme_iri else None,
        is_process=is_process,
        chain=[(link(c, label_map), levels.get(c)) for c in chain] if len(chain) > 1 or is_process else [],
        narrower=link_all(store, browse.narrower(store, iri, graphs), graphs, lang),
        series=series_groups(store, search, iri, fields, graphs, lang),
        formats=format_links(str(iri), available_formats),
    )


def _process_schemes() -> set[str]:
    return {f.scheme for f in browse.referring_fields("process") if f.scheme}


def actor_page(
    store: Store,
    g: Graph,
    iri: URIRef,
    graphs: Sequence[str],
    lang: str,
    available_formats: Mapping[str, str],
    search: SearchService,
) -> ActorPage:
    actor = Actor.from_graph(g, iri)
    return ActorPage(
        iri=str(iri),
        title=label_in(g, iri, lang) or actor.naam,
        identifiers=sorted((x.kenmerk, x.bron) for x in actor.identificaties),
        alternative_names=actor.alternatieve_namen,
        parents=link_all(store, [URIRef(p) for p in g.objects(iri, ORG.subOrganizationOf)], graphs, lang),
        series=series_groups(store, search, iri, browse.referring_fields("actor"), graphs, lang),
        formats=format_links(str(iri), available_formats),
    )
