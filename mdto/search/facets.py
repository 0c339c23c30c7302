"""Faceted search over a set of documents held in memory as bitsets.

Every facet value is a Python int used as a bitset over the documents (position = rank by name). A filter is an
OR of value bitsets within a facet and an AND across facets; the count of a facet value "given the other
filters" is one AND and one popcount. At 100,000 series and a thousand facet values that is a few milliseconds,
where SQL GROUP BY per facet grows with the number of series. Full text and date ranges come in as bitsets too.

`FacetedSet` is built from the SQLite index (`mdto.search.index`): once per index generation for all series,
and per request for the dossiers of one series.
"""

from __future__ import annotations

import sqlite3
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

SORTS = ("name", "date", "-date")
_LAST = "~"  # sorts after every date key


@dataclass(frozen=True)
class Row:
    """One indexed document as search results show it."""

    id: int
    iri: str
    naam: str
    omschrijving: str
    start: str | None
    end: str | None
    start_key: str | None
    end_key: str | None
    values: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class SearchQuery:
    text_ids: Sequence[int] | None = None  # ids matching the full-text query; None when there is none
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # facet -> selected values (OR)
    van: str | None = None  # period overlaps [van, tot] (date keys)
    tot: str | None = None
    sort: str = "name"
    page: int = 1
    size: int = 20
    facet_limit: int = 50  # most values per facet in the answer (largest counts first; selected values always)


@dataclass(frozen=True)
class SearchResult:
    total: int
    rows: list[Row]
    facets: dict[str, list[tuple[str, int]]]  # facet -> (value, count), largest first


def _mask(positions: Iterable[int], n: int) -> int:
    bits = bytearray((n + 7) // 8)
    for p in positions:
        bits[p >> 3] |= 1 << (p & 7)
    return int.from_bytes(bits, "little")


def _bits(mask: int) -> str:
    """'1'/'0' per position, position 0 first."""
    return bin(mask)[:1:-1]


class FacetedSet:
    def __init__(self, rows: Sequence[Row], facets: Sequence[str]):
        self.rows = sorted(rows, key=lambda r: (r.naam.casefold(), r.iri))
        self.n = len(self.rows)
        self.all = (1 << self.n) - 1
        self.position = {r.id: i for i, r in enumerate(self.rows)}
        self.facets = tuple(facets)
        members: dict[str, dict[str, list[int]]] = {f: {} for f in self.facets}
        for i, r in enumerate(self.rows):
            for f in self.facets:
                for v in r.values.get(f, ()):
                    members[f].setdefault(v, []).append(i)
        self.masks = {f: {v: _mask(ps, self.n) for v, ps in vs.items()} for f, vs in members.items()}
        self.totals = {
            f: sorted(((v, len(ps)) for v, ps in vs.items()), key=lambda x: (-x[1], x[0])) for f, vs in members.items()
        }
        self.by_date = sorted(range(self.n), key=lambda i: self.rows[i].start_key or _LAST)
        dated = [i for i in range(self.n) if self.rows[i].start_key]
        # reverse=True keeps equal keys in their original (name) order: newest first, ties by name
        self.by_date_desc = sorted(dated, key=lambda i: self.rows[i].start_key, reverse=True)  # type: ignore[arg-type, return-value]
        self.by_date_desc += [i for i in range(self.n) if not self.rows[i].start_key]
        self.rank = {"date": _ranks(self.by_date), "-date": _ranks(self.by_date_desc)}
        self.start_order = sorted(dated, key=lambda i: self.rows[i].start_key)  # type: ignore[arg-type, return-value]
        self.start_keys = [self.rows[i].start_key for i in self.start_order]
        ended = sorted((i for i in range(self.n) if self.rows[i].end_key), key=lambda i: self.rows[i].end_key)  # type: ignore[arg-type, return-value]
        self.end_order, self.end_keys = ended, [self.rows[i].end_key for i in ended]
        self.open_ended = _mask((i for i in range(self.n) if not self.rows[i].end_key), self.n)

    def _period(self, van: str | None, tot: str | None) -> int:
        """Documents whose period overlaps [van, tot]: started by `tot`, and not ended before `van`."""
        mask = self.all
        if tot is not None:
            mask &= _mask(self.start_order[: bisect_right(self.start_keys, tot)], self.n)  # type: ignore[arg-type]
        if van is not None:
            still = _mask(self.end_order[bisect_left(self.end_keys, van) :], self.n)  # type: ignore[arg-type]
            mask &= still | self.open_ended
        return mask

    def search(self, q: SearchQuery) -> SearchResult:
        base = self.all
        if q.text_ids is not None:
            base &= _mask((self.position[i] for i in q.text_ids if i in self.position), self.n)
        if q.van is not None or q.tot is not None:
            base &= self._period(q.van, q.tot)
        selected: dict[str, int] = {}
        for f, values in q.filters.items():
            if f in self.masks and values:
                m = 0
                for v in values:
                    m |= self.masks[f].get(v, 0)
                selected[f] = m
        matched = base
        for m in selected.values():
            matched &= m
        facets = {}
        for f in self.facets:
            others = base
            for g, m in selected.items():
                if g != f:
                    others &= m
            chosen = q.filters.get(f, ())
            if others == self.all:
                ranked = self.totals[f]
            else:
                ranked = sorted(self._counts(f, others).items(), key=lambda x: (-x[1], x[0]))
            top = [(v, c) for v, c in ranked[: q.facet_limit] if c]
            shown = {v for v, _ in top}
            counts = dict(ranked) if any(v not in shown for v in chosen) else {}
            facets[f] = top + [(v, counts.get(v, 0)) for v in chosen if v not in shown]
        total = matched.bit_count()
        return SearchResult(total, [self.rows[i] for i in self._page(matched, total, q)], facets)

    def _counts(self, facet: str, others: int) -> dict[str, int]:
        """Counts of a facet's values among `others`: by walking the documents when they are few, else by one
        AND and popcount per value (the cheaper of the two, so neither many values nor many hits is slow)."""
        k = others.bit_count()
        if k < 4 * len(self.masks[facet]):
            counts: dict[str, int] = {}
            bits, pos = _bits(others), -1
            while (pos := bits.find("1", pos + 1)) >= 0:
                for v in self.rows[pos].values.get(facet, ()):
                    counts[v] = counts.get(v, 0) + 1
            return counts
        return {v: c for v, m in self.masks[facet].items() if (c := (m & others).bit_count())}

    def _page(self, matched: int, total: int, q: SearchQuery) -> list[int]:
        start, stop = (q.page - 1) * q.size, q.page * q.size
        if start >= total:
            return []
        if q.sort == "name":
            bits, out, pos = _bits(matched), [], -1
            for _ in range(stop):
                pos = bits.find("1", pos + 1)
                if pos < 0:
                    break
                out.append(pos)
            return out[start:]
        order = self.by_date if q.sort == "date" else self.by_date_desc
        if matched == self.all:
            return order[start:stop]
        bits = _bits(matched)
        if total * 32 < self.n:  # few hits: sort them rather than scan the whole order
            hits, pos = [], -1
            while (pos := bits.find("1", pos + 1)) >= 0:
                hits.append(pos)
            hits.sort(key=self.rank[q.sort].__getitem__)
            return hits[start:stop]
        out = []
        for p in order:
            if p < len(bits) and bits[p] == "1":
                out.append(p)
                if len(out) == stop:
                    break
        return out[start:]


def _ranks(order: list[int]) -> list[int]:
    rank = [0] * len(order)
    for r, p in enumerate(order):
        rank[p] = r
    return rank


def load_rows(db: sqlite3.Connection, kind: str, parent: str | None = None) -> list[Row]:
    """The documents of one kind (optionally of one parent) with their facet values, from the index."""
    where, args = "kind = ?", [kind]
    if parent is not None:
        where += " AND parent = ?"
        args.append(parent)
    values: dict[int, dict[str, list[str]]] = {}
    on_doc = where.replace(" AND ", " AND d.")
    facet_sql = f"SELECT f.doc, f.facet, f.value FROM facet f JOIN doc d ON d.id = f.doc WHERE d.{on_doc}"
    for doc, facet, value in db.execute(facet_sql, args):
        values.setdefault(doc, {}).setdefault(facet, []).append(value)
    rows = db.execute(
        f"SELECT id, iri, naam, omschrijving, start, end, start_key, end_key FROM doc WHERE {where}", args
    )
    return [Row(*r, values={f: tuple(vs) for f, vs in values.get(r[0], {}).items()}) for r in rows]


class CachedSet:
    """The FacetedSet of all series, rebuilt when the index generation changes (also by another process)."""

    def __init__(self, kind: str, facets: Sequence[str]):
        self.kind, self.facets = kind, tuple(facets)
        self._lock = threading.Lock()
        self._generation = -1
        self._set: FacetedSet | None = None

    def get(self, db: sqlite3.Connection, generation: int) -> FacetedSet:
        if self._set is not None and generation == self._generation:
            return self._set
        with self._lock:
            if self._set is None or generation != self._generation:
                self._set = FacetedSet(load_rows(db, self.kind), self.facets)
                self._generation = generation
            return self._set
