"""`serieregister load` keeps the search index current; `serieregister reindex` rebuilds it from the store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from mdto.cli import main
from mdto.refdata import demo_files, load_reference
from mdto.store import EmbeddedStore
from tests.conftest import SECRET_TTL


def indexed(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {r[0] for r in db.execute("SELECT iri FROM doc WHERE kind='serie'")}


def test_load_indexes_what_it_publishes_and_reindex_rebuilds(tmp_path: Path) -> None:
    store_dir, index = tmp_path / "store", tmp_path / "store.search.sqlite"
    with EmbeddedStore(store_dir) as s:
        load_reference(s)
    assert main(["--store", str(store_dir), "reindex"]) == 0
    assert indexed(index) == set()
    assert main(["--store", str(store_dir), "load", *map(str, demo_files())]) == 0
    series = indexed(index)
    assert "https://w3id.org/serieregister/id/serie/leuven-verzekeringen" in series and len(series) >= 12

    draft = tmp_path / "draft.ttl"
    draft.write_bytes(SECRET_TTL)
    graph = "https://w3id.org/serieregister/graph/draft/geheim-concept"
    assert main(["--store", str(store_dir), "load", "--graph", graph, str(draft)]) == 0
    assert indexed(index) == series  # a draft is not published, so not searchable

    index.unlink()
    assert main(["--store", str(store_dir), "reindex"]) == 0
    assert indexed(index) == series
