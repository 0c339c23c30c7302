"""`serieregister validate`: SHACL validation of RDF files, for people and for CI (no store needed).

Exit codes: 0 conforms (warnings and infos allowed), 1 violations, 2 an input cannot be read or parsed (file,
line, reason) or the profile cannot be used.
"""

from __future__ import annotations

import argparse
import glob
import sys
from pathlib import Path

from mdto.cli.common import EXIT_INPUT, EXIT_OK, EXIT_REFUSED, CliError
from mdto.rdfio import FORMATS, ParsedRdf, RdfSyntaxError, parse_file, to_rdflib_graph
from mdto.validation import FORMATS as REPORT_FORMATS
from mdto.validation import PROFILES, ProfileError, render, validate
from mdto.validation.context import context_for

RDF_EXTENSIONS = {ext for _, exts, _ in FORMATS.values() for ext in exts}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help="validate RDF files against the SHACL shapes",
        description="Validate RDF files (files, directories, globs; every syntax `load` reads) against a SHACL "
        "profile: mdto (MDTO-RDF, faithful to the XSD), register (mdto + what a series needs before publication "
        "+ legal maximum retention periods) or official (the Nationaal Archief's shapes, given with --shapes or "
        "SERIEREGISTER_OFFICIAL_SHAPES). Exit 0 conforms, 1 violations, 2 unreadable input.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="file, directory (searched recursively) or glob")
    p.add_argument("--profile", choices=list(PROFILES), default="mdto")
    p.add_argument(
        "--shapes",
        nargs="+",
        type=Path,
        default=[],
        metavar="FILE",
        help="extra shapes files; with --profile official the first is the official shapes file",
    )
    p.add_argument("--format", choices=REPORT_FORMATS, default="text", help="report format (default text)")
    p.add_argument("--lang", choices=["nl", "en"], default="nl", help="language of the text report")
    p.set_defaults(func=run)


def expand_paths(paths: list[str]) -> list[Path]:
    """Files named, files under directories (with an RDF extension), and glob matches, in a stable order."""
    out: list[Path] = []
    for raw in paths:
        matches = sorted(glob.glob(raw, recursive=True)) if glob.has_magic(raw) else [raw]
        if not matches:
            raise CliError(f"{raw}: no file matches", EXIT_INPUT)
        for m in matches:
            path = Path(m)
            if path.is_dir():
                out += sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in RDF_EXTENSIONS)
            elif path.exists() or not glob.has_magic(raw):
                out.append(path)
    return list(dict.fromkeys(out))


def run(args: argparse.Namespace) -> int:
    files = expand_paths(args.paths)
    if not files:
        raise CliError("no RDF files found in " + ", ".join(args.paths), EXIT_INPUT)
    parsed: list[ParsedRdf] = []
    for f in files:
        try:
            parsed.append(parse_file(f))
        except RdfSyntaxError as e:
            raise CliError(str(e), EXIT_INPUT) from None
    data = to_rdflib_graph(q for p in parsed for q in p.quads)
    extra = list(args.shapes)
    official = extra.pop(0) if args.profile == "official" and extra else None
    try:
        report = validate(data, args.profile, extra, context=context_for(data), official_shapes=official)
    except ProfileError as e:
        raise CliError(str(e), EXIT_INPUT) from None
    sys.stdout.write(render(report, args.format, args.lang))
    return EXIT_OK if report.conforms else EXIT_REFUSED
