"""`serieregister serve`: start the API on the chosen store, with reference data and optionally the demo."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mdto.cli.common import settings_from
from mdto.refdata import load_demo, load_reference
from mdto.search import SearchIndex, index_path_for
from mdto.store import Store, open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="start the HTTP API", description="Start the HTTP API.")
    p.add_argument("--demo", action="store_true", help="load the demo series into an empty register")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.set_defaults(func=run)


def prepare(store: Store, demo: bool, index_path: Path | None = None) -> None:
    """Reference data always; the demo only when asked and only into an empty register; the search index
    built when it never was, rebuilt when the demo was just loaded."""
    n = load_reference(store)
    print(f"reference data: {n} triples", file=sys.stderr)
    loaded = 0
    if demo:
        loaded = load_demo(store)
        print(
            f"demo data: {loaded} triples" if loaded else "demo data: skipped, the register already holds data",
            file=sys.stderr,
        )
    if index_path is not None:
        index = SearchIndex(index_path)
        if not index.is_built() or (demo and loaded):
            print(f"search index: {index.rebuild(store)} documents in {index_path}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app

    settings = settings_from(args)
    store = open_store(settings)
    prepare(store, args.demo, index_path_for(store, settings))
    print(f"serving {store.description} on http://{args.host}:{args.port}/", file=sys.stderr)
    uvicorn.run(create_app(store, settings), host=args.host, port=args.port, log_level="info")
    store.close()
    return 0
