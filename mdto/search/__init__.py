"""Search over published series and dossiers: a derived index beside the store.

The store stays the source of truth. The index (SQLite with FTS5, `mdto.search.index`) is built from the public
graphs with `serieregister reindex` and kept current by every operation that writes published data, through
`index_resources`. Facet counts are computed in memory over bitsets (`mdto.search.facets`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path

from mdto.search.index import SearchIndex
from mdto.settings import Settings
from mdto.store import EmbeddedStore, Store

__all__ = ["SearchIndex", "index_path_for", "index_resources", "rebuild_index"]


def index_path_for(store: Store, settings: Settings) -> Path:
    """The index file of this store: the setting, else beside an embedded store's directory, else (for an
    in-memory store, which lives as long as its process) a fresh temporary file."""
    if settings.search_index is not None:
        return settings.search_index
    if isinstance(store, EmbeddedStore):
        if store.path is None:
            return Path(tempfile.mkdtemp(prefix="serieregister-search-")) / "index.sqlite"
        return store.path.with_name(store.path.name + ".search.sqlite")
    return settings.search_index_path()


def index_resources(store: Store, iris: Iterable[str], index_path: Path) -> int:
    """Bring these resources (series with their dossiers, or dossiers) up to date in the index at `index_path`.

    The publish step calls this with the IRIs it published or withdrew; resources no longer public leave the index.
    """
    return SearchIndex(index_path).index_resources(store, iris)


def rebuild_index(store: Store, index_path: Path) -> int:
    """Rebuild the whole index from the store; returns the number of indexed documents."""
    return SearchIndex(index_path).rebuild(store)
