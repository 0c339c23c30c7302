"""`template`, `import xlsx` and `export xlsx`: bulk work through spreadsheets (docs/spreadsheets.md).

Exit codes follow the CLI's rule: 0 imported (or a clean dry run), 1 rows refused (nothing written), 2 the
file is unusable as a whole (wrong type, corrupt, password-protected, missing columns, too large), 3 store.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from mdto.auth.directory import operator_principal
from mdto.cli.common import EXIT_INPUT, EXIT_REFUSED, CliError, settings_from, store_from
from mdto.cli.groups import subgroup
from mdto.cli.progress import ProgressBar
from mdto.refdata import load_reference
from mdto.spreadsheet.export import FILTER_FIELDS, FilterError, SeriesFilter, export_workbook
from mdto.spreadsheet.importer import ImportConflict, import_spreadsheet, vocabulary_for
from mdto.spreadsheet.layout import spreadsheet_layout
from mdto.spreadsheet.report import marked_workbook
from mdto.spreadsheet.workbook import build_workbook, workbook_bytes
from mdto.store import Store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "template",
        help="write the spreadsheet import template (.xlsx)",
        description="Generate the import template from the mappings and the store's reference data: one sheet "
        "per kind, a column per field with a comment, drop-down lists of the concept schemes, instructions.",
    )
    p.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    p.set_defaults(func=template)

    imports = subgroup(sub, "import", "import data into the register")
    p = imports.add_parser(
        "xlsx",
        help="import series, dossiers and stukken from a spreadsheet (.xlsx or .csv)",
        description="Check every row and, unless --dry-run, store them all in one transaction (nothing when any "
        "row is refused). New series become drafts, a changed published series a new draft version, dossiers and "
        "stukken go to their series; publishing goes through the workflow. The command line acts as "
        "informatiebeheerder of every organisation, and the audit trail names it. Re-importing the same file "
        "changes nothing.",
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument(
        "--organisation",
        metavar="ORG",
        help="the organisation that holds new series (default: the one whose actors include the bewaargever)",
    )
    p.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    p.add_argument("--format", choices=["text", "json"], default="text", help="report format on stdout")
    p.add_argument("--report-xlsx", type=Path, metavar="OUT.xlsx", help="write the workbook with wrong cells marked")
    p.add_argument("--verbose", action="store_true", help="list every row, not only those with problems")
    _progress_option(p)
    p.set_defaults(func=import_xlsx)

    exports = subgroup(sub, "export", "export data from the register")
    p = exports.add_parser(
        "xlsx",
        help="export published series (with dossiers and stukken) as a workbook in the template's layout",
        description="Filters combine with AND; a repeated filter matches any of its values. Values may be labels, "
        "codes or IRIs.",
    )
    for name in FILTER_FIELDS:
        p.add_argument(f"--{name}", action="append", metavar="VALUE", help=f"only series with this {name}")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    _progress_option(p)
    p.set_defaults(func=export_xlsx)


def _progress_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--progress", action="store_true", default=None, help="show progress even when not a terminal")


def _open_store(args: argparse.Namespace) -> Store:
    """The store with its reference data (re)loaded, as `serve` does at every start: the drop-down lists and
    the value lookups come from it. Reloading replaces each reference graph by the same content."""
    store = store_from(args)
    load_reference(store)
    return store


def template(args: argparse.Namespace) -> int:
    store = _open_store(args)
    layout = spreadsheet_layout()
    data = workbook_bytes(build_workbook(layout, vocabulary_for(store, layout)))
    store.close()
    args.out.write_bytes(data)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def import_xlsx(args: argparse.Namespace) -> int:
    limit = settings_from(args).max_upload_bytes
    try:
        size = args.file.stat().st_size
        if size > limit:
            raise CliError(f"{args.file}: {size} bytes, more than the limit of {limit} (SERIEREGISTER_MAX_UPLOAD)", 2)
        data = args.file.read_bytes()
    except OSError as e:
        raise CliError(f"cannot read {args.file}: {e.strerror}", EXIT_INPUT) from None
    store = _open_store(args)
    bar = ProgressBar(args.progress)
    try:
        report, file_data = import_spreadsheet(
            store, data, args.file.name, dry_run=args.dry_run, principal=operator_principal(store),
            organisation=args.organisation, progress=bar,
        )  # fmt: skip
    except ImportConflict as e:
        raise CliError(str(e), EXIT_REFUSED) from None
    finally:
        bar.close()
        store.close()
    if args.format == "json":
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(report.to_text(args.verbose))
    if args.report_xlsx:
        args.report_xlsx.write_bytes(marked_workbook(data, file_data, report))
        print(f"wrote {args.report_xlsx}", file=sys.stderr)
    if report.file_problems:
        return EXIT_INPUT
    return 0 if report.ok else EXIT_REFUSED


def export_xlsx(args: argparse.Namespace) -> int:
    series_filter = SeriesFilter({name: getattr(args, name) or [] for name in FILTER_FIELDS})
    store = _open_store(args)
    bar = ProgressBar(args.progress)
    try:
        wb = export_workbook(store, series_filter, progress=bar)
    except FilterError as e:
        raise CliError(str(e), EXIT_INPUT) from None
    finally:
        bar.close()
        store.close()
    args.out.write_bytes(workbook_bytes(wb))
    rows = sum(wb[s.sheet].max_row - 1 for s in spreadsheet_layout().sheets)
    print(f"wrote {args.out} ({rows} rows)", file=sys.stderr)
    return 0
