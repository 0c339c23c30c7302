"""The `serieregister` command.

Each group of subcommands lives in its own module with a `register(subparsers)` function; this module only
wires them together, so that a new command is one module and one line in COMMAND_MODULES.

Exit codes: 0 done; 1 refused (invalid data, failed query); 2 unusable input (unreadable or malformed file,
wrong arguments); 3 the store cannot be reached or opened.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from mdto import __version__
from mdto.cli import accounts, data, mdtoxml, search, serve, validate
from mdto.cli.common import EXIT_INPUT, EXIT_REFUSED, EXIT_STORE, CliError, add_store_options
from mdto.rdfio import RdfSyntaxError, UnknownFormatError
from mdto.store import StoreError, StoreUnavailable

COMMAND_MODULES = [serve, data, search, mdtoxml, validate, accounts]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="serieregister",
        description="Linked-data register of archival series (MDTO): store, load, query, serve.",
    )
    parser.add_argument("--version", action="version", version=f"serieregister {__version__}")
    add_store_options(parser)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (RdfSyntaxError, UnknownFormatError) as e:
        print(f"serieregister: {e}", file=sys.stderr)
        return EXIT_INPUT
    except StoreUnavailable as e:
        print(f"serieregister: {e}", file=sys.stderr)
        return EXIT_STORE
    except CliError as e:
        print(f"serieregister: {e}", file=sys.stderr)
        return e.code
    except StoreError as e:
        print(f"serieregister: {e}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
