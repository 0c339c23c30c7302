"""The search index: a SQLite file (FTS5 for full text, plain tables for facets) derived from the store.

The store is the source of truth; this file can be deleted and rebuilt at any time (`serieregister reindex`).
Writers (`rebuild`, `index_resources`) bump a generation number in one transaction, so that readers in other
processes notice a change with one cheap query and reload what they cache (see `mdto.search.facets`).
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from mdto.namespaces import MDTO
from mdto.refdata import public_graphs
from mdto.search.dates import end_key, start_key
from mdto.search.extract import DOSSIERS, SERIES, VIEWS, Doc, extract, label_map, process_levels
from mdto.store import Store
from mdto.terms import iri as q_iri

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS doc(
    id INTEGER PRIMARY KEY, iri TEXT UNIQUE NOT NULL, kind TEXT NOT NULL, parent TEXT,
    naam TEXT NOT NULL, omschrijving TEXT NOT NULL, start TEXT, end TEXT, start_key TEXT, end_key TEXT);
CREATE INDEX IF NOT EXISTS doc_kind_parent ON doc(kind, parent);
CREATE TABLE IF NOT EXISTS facet(doc INTEGER NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS facet_doc ON facet(doc);
CREATE TABLE IF NOT EXISTS label(iri TEXT PRIMARY KEY, label TEXT NOT NULL, level INTEGER);
CREATE VIRTUAL TABLE IF NOT EXISTS fts_serie USING fts5(naam, omschrijving, tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE IF NOT EXISTS fts_dossier USING fts5(naam, omschrijving, tokenize='unicode61 remove_diacritics 2');
"""
_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """User text -> an FTS5 query that cannot be malformed: every word quoted, prefix-matched, all required."""
    words = _WORD.findall(text)
    return " ".join(f'"{w}"*' for w in words) if words else None


class SearchIndex:
    """One SQLite index file; a connection per thread (SQLite connections must not be shared across threads)."""

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()
        path.parent.mkdir(parents=True, exist_ok=True)
        with self.connection() as db:
            db.executescript(_SCHEMA)

    def connection(self) -> sqlite3.Connection:
        """This thread's connection; used as a context manager it commits on success and rolls back on error."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        return db

    # -- state -----------------------------------------------------------------------------------------
    def generation(self) -> int:
        row = self.connection().execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    def is_built(self) -> bool:
        return self.generation() > 0

    # -- writing ---------------------------------------------------------------------------------------
    def rebuild(self, store: Store) -> int:
        """Replace the whole index by what the public graphs hold now; returns the number of documents."""
        graphs = public_graphs()
        docs = extract(store, SERIES, graphs) + extract(store, DOSSIERS, graphs)
        labels, levels = self._labels(store, docs, graphs)
        with self.connection() as db:
            for table in ("doc", "facet", "label", "fts_serie", "fts_dossier"):
                db.execute(f"DELETE FROM {table}")
            self._insert(db, docs, labels, levels)
        return len(docs)

    def index_resources(self, store: Store, iris: Iterable[str]) -> int:
        """Re-read these resources (and the dossiers of any series among them) from the public graphs.

        Resources that are no longer public leave the index. Returns the number of documents now indexed for them.
        """
        graphs = public_graphs()
        wanted = sorted({str(i) for i in iris})
        if not wanted:
            return 0
        series = extract(store, SERIES, graphs, wanted)
        dossiers = extract(store, DOSSIERS, graphs, wanted)
        series_iris = [d.iri for d in series] + [i for i in wanted if self._kind(i) == "serie"]
        children = self._children_in_store(store, series_iris, graphs)
        dossiers += extract(store, DOSSIERS, graphs, sorted(children - {d.iri for d in dossiers}))
        docs = series + dossiers
        labels, levels = self._labels(store, docs, graphs)
        with self.connection() as db:
            stale = set(wanted) | {d.iri for d in docs}
            stale |= {r[0] for r in _in_chunks(db, "SELECT iri FROM doc WHERE parent IN ({})", series_iris)}
            self._delete(db, stale)
            self._insert(db, docs, labels, levels)
        return len(docs)

    def _kind(self, iri: str) -> str | None:
        row = self.connection().execute("SELECT kind FROM doc WHERE iri=?", (iri,)).fetchone()
        return row[0] if row else None

    @staticmethod
    def _children_in_store(store: Store, series: Sequence[str], graphs: Sequence[str]) -> set[str]:
        out: set[str] = set()
        for i in range(0, len(series), 1000):
            values = " ".join(q_iri(s) for s in series[i : i + 1000])
            rows = store.select(
                f"SELECT ?d WHERE {{ VALUES ?s {{ {values} }} ?d {q_iri(MDTO.isOnderdeelVan)} ?s }}",
                default_graphs=graphs,
            )
            out |= {str(r["d"]) for r in rows}
        return out

    @staticmethod
    def _labels(store: Store, docs: list[Doc], graphs: Sequence[str]) -> tuple[dict[str, str], dict[str, int]]:
        values = {v for d in docs for vs in d.values.values() for v in vs}
        return label_map(store, values, graphs), process_levels(store, graphs)

    @staticmethod
    def _delete(db: sqlite3.Connection, iris: set[str]) -> None:
        rows = list(_in_chunks(db, "SELECT id, kind FROM doc WHERE iri IN ({})", sorted(iris)))
        for kind in VIEWS:
            ids = [(r[0],) for r in rows if r[1] == kind]
            db.executemany(f"DELETE FROM fts_{kind} WHERE rowid=?", ids)
        db.executemany("DELETE FROM facet WHERE doc=?", [(r[0],) for r in rows])
        db.executemany("DELETE FROM doc WHERE id=?", [(r[0],) for r in rows])

    @staticmethod
    def _insert(db: sqlite3.Connection, docs: list[Doc], labels: dict[str, str], levels: dict[str, int]) -> None:
        for d in docs:
            cur = db.execute(
                "INSERT INTO doc(iri, kind, parent, naam, omschrijving, start, end, start_key, end_key) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                (d.iri, d.kind, d.parent, d.naam, d.omschrijving, d.start, d.end, start_key(d.start), end_key(d.end)),
            )
            db.execute(
                f"INSERT INTO fts_{d.kind}(rowid, naam, omschrijving) VALUES (?,?,?)",
                (cur.lastrowid, d.naam, d.omschrijving),
            )
            db.executemany(
                "INSERT INTO facet(doc, facet, value) VALUES (?,?,?)",
                [(cur.lastrowid, f, v) for f, vs in d.values.items() for v in sorted(vs)],
            )
        db.executemany(
            "INSERT OR REPLACE INTO label(iri, label, level) VALUES (?,?,?)",
            [(iri, label, levels.get(iri)) for iri, label in labels.items()],
        )
        db.execute(
            "INSERT INTO meta(key, value) VALUES ('generation', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    # -- reading ---------------------------------------------------------------------------------------
    def text_matches(self, kind: str, text: str, parent: str | None = None) -> list[int]:
        """Document ids whose name or description match every word of `text` (prefix match, no diacritics)."""
        query = fts_query(text)
        if query is None:
            return []
        sql = f"SELECT f.rowid FROM fts_{kind} f"
        args: list[object] = [query]
        if parent is not None:
            sql += " JOIN doc d ON d.id = f.rowid WHERE f.fts_" + kind + " MATCH ? AND d.parent = ?"
            args.append(parent)
        else:
            sql += f" WHERE fts_{kind} MATCH ?"
        return [r[0] for r in self.connection().execute(sql, args)]

    def snippets(self, kind: str, text: str, ids: Sequence[int]) -> dict[int, str]:
        """A short extract around the matched words of each description."""
        query = fts_query(text)
        if query is None or not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.connection().execute(
            f"SELECT rowid, snippet(fts_{kind}, 1, '', '', '…', 24) FROM fts_{kind} "
            f"WHERE fts_{kind} MATCH ? AND rowid IN ({marks})",
            [query, *ids],
        )
        return {r[0]: r[1] for r in rows if r[1]}

    def labels(self) -> tuple[dict[str, str], dict[str, int]]:
        labels, levels = {}, {}
        for iri, label, level in self.connection().execute("SELECT iri, label, level FROM label"):
            labels[iri] = label
            if level is not None:
                levels[iri] = level
        return labels, levels


def _in_chunks(db: sqlite3.Connection, sql: str, values: Sequence[str]) -> Iterable[tuple]:
    for i in range(0, len(values), 500):
        chunk = values[i : i + 500]
        yield from db.execute(sql.format(",".join("?" * len(chunk))), chunk)
