"""What every subcommand shares: store options, opening the store, exit codes."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from mdto.settings import Settings
from mdto.store import Store, open_store

EXIT_OK, EXIT_REFUSED, EXIT_INPUT, EXIT_STORE = 0, 1, 2, 3


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_REFUSED):
        super().__init__(message)
        self.code = code


def add_store_options(parser: argparse.ArgumentParser) -> None:
    g = parser.add_argument_group("store (default: environment, then ./serieregister-data)")
    g.add_argument("--store", type=Path, metavar="PATH", help="embedded store directory [SERIEREGISTER_STORE]")
    g.add_argument("--sparql", metavar="URL", help="remote SPARQL query endpoint [SERIEREGISTER_SPARQL]")
    g.add_argument("--sparql-update", metavar="URL", help="remote update endpoint [SERIEREGISTER_SPARQL_UPDATE]")
    g.add_argument("--sparql-user", metavar="NAME", help="[SERIEREGISTER_SPARQL_USER]")
    g.add_argument("--sparql-password", metavar="SECRET", help="[SERIEREGISTER_SPARQL_PASSWORD]")


def settings_from(args: argparse.Namespace) -> Settings:
    """Settings from the environment, overridden by the command line (--store wins over an env endpoint)."""
    settings = Settings.from_env()
    if args.sparql:
        settings = replace(settings, sparql_query=args.sparql, sparql_update=args.sparql_update or args.sparql)
    elif args.store is not None:
        settings = replace(settings, store_path=args.store, sparql_query=None, sparql_update=None)
    return settings.with_overrides(sparql_user=args.sparql_user, sparql_password=args.sparql_password)


def store_from(args: argparse.Namespace) -> Store:
    return open_store(settings_from(args))
