"""Subcommand groups that several modules add to (`export mdto`, `export sip`, `export xlsx`, `import ...`).

`subgroup(sub, "export", ...)` returns the group's own subparsers, creating the group the first time, so that
each module registers its member without knowing which other modules share the group or in which order
COMMAND_MODULES lists them.
"""

from __future__ import annotations

import argparse


def subgroup(sub: argparse._SubParsersAction, name: str, help_text: str) -> argparse._SubParsersAction:
    parser = sub.choices.get(name)
    if parser is None:
        parser = sub.add_parser(name, help=help_text, description=help_text)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return parser.add_subparsers(dest=f"{name}_what", metavar="WHAT", required=True)
