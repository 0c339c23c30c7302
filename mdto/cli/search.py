"""`reindex`: rebuild the search index from the store (the index is derived; the store is the truth)."""

from __future__ import annotations

import argparse
import sys
import time

from mdto.cli.common import settings_from
from mdto.search import index_path_for, rebuild_index
from mdto.store import open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "reindex",
        help="rebuild the search index from the store",
        description="Rebuild the search index (SQLite FTS5 file; SERIEREGISTER_SEARCH_INDEX, by default beside the "
        "store directory) from the published and reference graphs of the store.",
    )
    p.set_defaults(func=reindex)


def reindex(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    store = open_store(settings)
    path = index_path_for(store, settings)
    started = time.monotonic()
    n = rebuild_index(store, path)
    store.close()
    print(f"indexed {n} series and dossiers into {path} in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return 0
