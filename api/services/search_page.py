"""The model of the search page (`/`): the read side's series search, shaped as the Archief Vlaanderen portal.

The search itself (full text, facets, sort, paging) is `api.services.search.SearchService`, the same service as
`GET /series`; this module only reads the page's URL parameters, decides which facets the portal shows and how,
and words the hits ("Geldig van 01/01/2010 t.e.m. 31/12/2020 | Beheerder: ... | Archiefvormer: ...").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from api.i18n import t
from api.services.page_common import page_url
from api.services.search import SERIES_FACETS, BadParameter, SearchParams
from mdto.repository import labels
from mdto.search.dates import dutch, end_key, start_key
from mdto.search.extract import PROCESNIVEAU
from mdto.search.facets import SORTS
from mdto.store import Store

# The filters of the public portal, in its order; procesniveau shows only the level-1 processes there.
PORTAL_FACETS = ("toepassingsgebied", "beheerder", "dienstverlening", "proces", PROCESNIVEAU)
DEFAULT_SORT = "date"  # the portal opens sorted on date, oldest first
DEFAULT_SIZE = 10
MAX_SIZE = 100
VISIBLE_VALUES = 8  # facet values shown before "meer tonen"
PAGE_WINDOW = 2  # page links on either side of the current page


@dataclass
class FacetValue:
    id: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    title: str
    values: list[FacetValue]
    more: list[FacetValue]


@dataclass
class Hit:
    title: str
    href: str | None
    validity: str | None
    custodian: str | None
    creators: list[str]
    snippet: str
    full: str | None  # the whole description, when the snippet shortens it


@dataclass
class PageLink:
    number: int
    href: str
    current: bool


@dataclass
class SearchPage:
    q: str
    sort: str
    size: int
    sorts: list[tuple[str, str]]
    total: int
    count_text: str
    facets: list[Facet]
    hits: list[Hit]
    pages: list[PageLink]
    page: int
    page_count: int
    previous: str | None = None
    next: str | None = None
    selected: int = 0  # how many filter values are on
    hidden: list[tuple[str, str]] = field(default_factory=list)  # URL parameters the form shows no control for


def read_params(query: Mapping[str, str], multi: Sequence[tuple[str, str]]) -> SearchParams:
    """The search parameters of the page URL; BadParameter says which one is wrong and what would be valid."""
    sort = query.get("sort") or DEFAULT_SORT
    if sort not in SORTS:
        raise BadParameter(f"sort: {sort!r} is not a sort order; use one of {', '.join(SORTS)}")
    page = _number(query.get("page"), "page", 1, None, 1)
    size = _number(query.get("size"), "size", 1, MAX_SIZE, DEFAULT_SIZE)
    filters: dict[str, list[str]] = {}
    for name, value in multi:
        if name in SERIES_FACETS and value:
            filters.setdefault(name, []).append(value)
    return SearchParams(
        q=(query.get("q") or "").strip() or None,
        filters={f: tuple(vs) for f, vs in filters.items()},
        van=None,
        tot=None,
        sort=sort,
        page=page,
        size=size,
    )


def _number(value: str | None, name: str, low: int, high: int | None, default: int) -> int:
    if value is None or value == "":
        return default
    limits = f"from {low}" + (f" to {high}" if high else "")
    try:
        n = int(value)
    except ValueError:
        raise BadParameter(f"{name}: {value!r} is not a whole number; use a number {limits}") from None
    if n < low or (high is not None and n > high):
        raise BadParameter(f"{name}: {n} is out of range; use a number {limits}")
    return n


def validity(start: str | None, end: str | None, lang: str) -> str | None:
    """`Geldig van 01/01/2010 t.e.m. 31/12/2020`, as the portal words it (a year widens to its first/last day)."""
    s, e = start_key(start), end_key(end)
    if s is None:
        return t("valid_only_until", lang, end=dutch(e)) if e else None
    text = t("valid_from", lang, start=dutch(s))
    return f"{text} {t('valid_until', lang, end=dutch(e))}" if e else text


def search_page(
    result: dict[str, Any],
    params: SearchParams,
    store: Store,
    graphs: Sequence[str],
    lang: str,
    descriptions: Mapping[str, str],
    url: Any,
) -> SearchPage:
    """The page for one search `result` of the SearchService. `url(**changes)` gives this page's URL with some
    parameters changed; `descriptions` maps hit IRIs to their full description (for "meer tonen")."""
    english = _english_labels(result, store, graphs) if lang == "en" else {}

    def label(ref: dict[str, Any] | None) -> str | None:
        if not ref:
            return None
        return english.get(URIRef(ref["iri"])) or ref.get("label") or ref["iri"]

    hits = []
    for h in result["items"]:
        full = descriptions.get(h["iri"])
        snippet = h.get("snippet") or ""
        hits.append(
            Hit(
                title=h["naam"],
                href=page_url(h["iri"]),
                validity=validity(h.get("geldigVan"), h.get("geldigTot"), lang),
                custodian=label(h.get("bewaargever")),
                creators=[label(a) or "" for a in h.get("archiefvormer", [])],
                snippet=snippet,
                full=full if full and full.strip() != snippet.rstrip("…").strip() else None,
            )
        )
    facets = []
    for name in PORTAL_FACETS:
        values = [
            FacetValue(v["id"], label(v) or v["id"], v["count"], bool(v.get("selected")))
            for v in result["facets"].get(name, [])
            if name != PROCESNIVEAU or v.get("niveau") == 1 or v.get("selected")
        ]
        shown = [v for i, v in enumerate(values) if i < VISIBLE_VALUES or v.selected]
        facets.append(Facet(name, t(f"facet_{name}", lang), shown, [v for v in values if v not in shown]))
    total, size = result["total"], params.size
    page_count = max(1, -(-total // size))
    current = params.page
    numbers = sorted({1, page_count, *range(max(1, current - PAGE_WINDOW), min(page_count, current + PAGE_WINDOW) + 1)})
    portal = set(PORTAL_FACETS)
    return SearchPage(
        q=params.q or "",
        sort=params.sort,
        size=size,
        sorts=[(s, t(f"sort_{s}", lang)) for s in ("date", "-date", "name")],
        total=total,
        count_text=t("results_one", lang) if total == 1 else t("results_many", lang, n=total),
        facets=facets,
        hits=hits,
        pages=[PageLink(n, url(page=n), n == current) for n in numbers],
        page=current,
        page_count=page_count,
        previous=url(page=current - 1) if current > 1 else None,
        next=url(page=current + 1) if current < page_count else None,
        selected=sum(len(vs) for vs in params.filters.values()),
        hidden=[(f, v) for f, vs in params.filters.items() if f not in portal for v in vs]
        + ([("size", str(size))] if size != DEFAULT_SIZE else []),
    )


def _english_labels(result: dict[str, Any], store: Store, graphs: Sequence[str]) -> dict[URIRef, str]:
    """The index keeps Dutch labels; an English page asks the store for the labels it shows (one query)."""
    iris = {URIRef(v["iri"]) for name in PORTAL_FACETS for v in result["facets"].get(name, [])}
    for h in result["items"]:
        iris |= {URIRef(a["iri"]) for a in h.get("archiefvormer", [])}
        if h.get("bewaargever"):
            iris.add(URIRef(h["bewaargever"]["iri"]))
    return labels(store, iris, graphs, "en")
