"""What a search request means: filters and facets over the search index, shaped as the portal shows them.

Hits carry the name, the validity in the portal's Dutch notation ("Geldig van 01/01/2010 t.e.m. 31/12/2020"),
custodian, creator and a description snippet; facets carry, for every filter, the counts given all the OTHER
filters (as the Archief Vlaanderen portal shows them). The index comes from `mdto.search`; this module never
queries the store for a search page.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from mdto.namespaces import ID, local_part
from mdto.search import SearchIndex
from mdto.search.dates import end_key, start_key, validity
from mdto.search.extract import DOSSIERS, PROCESNIVEAU, SERIES, KindView
from mdto.search.facets import CachedSet, FacetedSet, Row, SearchQuery, load_rows
from mdto.store import Store
from mdto.values import ValueProblem, date_literal

SNIPPET_CHARS = 150
SERIES_FACETS = (*SERIES.facets, PROCESNIVEAU)
DOSSIER_FACETS = tuple(DOSSIERS.facets)


class BadParameter(ValueError):
    """A search parameter that cannot be used: which one, and what would be valid."""


class NotFound(LookupError):
    pass


@dataclass(frozen=True)
class SearchParams:
    q: str | None
    filters: dict[str, tuple[str, ...]]
    van: str | None
    tot: str | None
    sort: str
    page: int
    size: int
    facet_limit: int = 50


def expand_value(value: str) -> str:
    """A filter value as a full IRI: full IRIs pass, `actor/stad-leuven` gets the register's id: prefix."""
    return value if "://" in value else str(ID) + value.lstrip("/")


def checked_date(name: str, value: str | None) -> str | None:
    if value is None or value == "":
        return None
    try:
        date_literal(value, name)
    except ValueProblem as e:
        raise BadParameter(str(e)) from None
    return value


class SearchService:
    """The index of one application, built from the store on first use when it has never been built."""

    def __init__(self, store: Store, index: SearchIndex):
        self.store, self.index = store, index
        self._series = CachedSet("serie", SERIES_FACETS)
        self._build_lock = threading.Lock()
        self._label_cache: tuple[int, dict[str, str], dict[str, int]] | None = None

    def _ready(self) -> int:
        generation = self.index.generation()
        if generation == 0:
            with self._build_lock:
                if self.index.generation() == 0:
                    self.index.rebuild(self.store)
                generation = self.index.generation()
        return generation

    def series(self, params: SearchParams) -> dict[str, Any]:
        generation = self._ready()
        fs = self._series.get(self.index.connection(), generation)
        return self._search(fs, SERIES, SERIES_FACETS, params, parent=None)

    def dossiers(self, series_iri: str, params: SearchParams) -> dict[str, Any]:
        self._ready()
        db = self.index.connection()
        if db.execute("SELECT 1 FROM doc WHERE iri=? AND kind='serie'", (series_iri,)).fetchone() is None:
            raise NotFound(f"no published series {series_iri}")
        fs = FacetedSet(load_rows(db, "dossier", series_iri), DOSSIER_FACETS)
        return self._search(fs, DOSSIERS, DOSSIER_FACETS, params, parent=series_iri)

    def _search(
        self, fs: FacetedSet, view: KindView, facets: tuple[str, ...], p: SearchParams, parent: str | None
    ) -> dict[str, Any]:
        unknown = set(p.filters) - set(facets)
        if unknown:
            raise BadParameter(f"unknown filter {sorted(unknown)}; filters are {', '.join(facets)}")
        text_ids = self.index.text_matches(view.kind, p.q, parent) if p.q and p.q.strip() else None
        query = SearchQuery(
            text_ids=text_ids,
            filters={f: tuple(expand_value(v) for v in vs) for f, vs in p.filters.items()},
            van=start_key(p.van),
            tot=end_key(p.tot),
            sort=p.sort,
            page=p.page,
            size=p.size,
            facet_limit=p.facet_limit,
        )
        result = fs.search(query)
        labels, levels = self._labels()
        snippets = self.index.snippets(view.kind, p.q, [r.id for r in result.rows]) if text_ids is not None else {}
        return {
            "total": result.total,
            "page": p.page,
            "size": p.size,
            "sort": p.sort,
            "items": [self._hit(r, view, labels, snippets.get(r.id)) for r in result.rows],
            "facets": {
                f: [
                    _facet_value(v, c, labels, levels, v in query.filters.get(f, ()), f == PROCESNIVEAU)
                    for v, c in counts
                ]
                for f, counts in result.facets.items()
            },
        }

    def _labels(self) -> tuple[dict[str, str], dict[str, int]]:
        generation = self.index.generation()
        if self._label_cache is None or self._label_cache[0] != generation:
            self._label_cache = (generation, *self.index.labels())
        return self._label_cache[1], self._label_cache[2]

    @staticmethod
    def _hit(r: Row, view: KindView, labels: dict[str, str], snippet: str | None) -> dict[str, Any]:
        hit: dict[str, Any] = {
            "id": (local_part(r.iri) or r.iri).split("/", 1)[-1],
            "iri": r.iri,
            "naam": r.naam,
            view.start: r.start,
            view.end: r.end,
        }
        if view.kind == "serie":
            hit["geldigheid"] = validity(r.start, r.end)
            beheerder = r.values.get("beheerder", ())
            hit["bewaargever"] = _ref(beheerder[0], labels) if beheerder else None
        hit["archiefvormer"] = [_ref(v, labels) for v in r.values.get("archiefvormer", ())]
        hit["snippet"] = snippet or _shorten(r.omschrijving)
        return hit


def _ref(iri: str, labels: dict[str, str]) -> dict[str, Any]:
    return {"iri": iri, "label": labels.get(iri)}


def _facet_value(
    iri: str, count: int, labels: dict[str, str], levels: dict[str, int], selected: bool, with_level: bool
) -> dict[str, Any]:
    out: dict[str, Any] = {"iri": iri, "id": local_part(iri) or iri, "label": labels.get(iri), "count": count}
    if with_level:
        out["niveau"] = levels.get(iri)
    if selected:
        out["selected"] = True
    return out


def _shorten(text: str) -> str:
    if len(text) <= SNIPPET_CHARS:
        return text
    return text[:SNIPPET_CHARS].rstrip() + "…"


def search_context(context_url: str) -> list[Any]:
    """JSON-LD context of a search page: the register's published context plus the page's own keys."""
    return [
        context_url,
        {
            "hydra": "http://www.w3.org/ns/hydra/core#",
            "iri": "@id",
            "label": "http://www.w3.org/2004/02/skos/core#prefLabel",
            "total": "hydra:totalItems",
            "items": {"@id": "hydra:member", "@container": "@set"},
            # page-only keys: a flattened view of gegevensgroep values, not RDF of the series itself
            "id": None,
            "page": None,
            "size": None,
            "sort": None,
            "facets": None,
            "geldigheid": None,
            "snippet": None,
            "geldigVan": None,
            "geldigTot": None,
            "geopend": None,
            "gesloten": None,
        },
    ]
