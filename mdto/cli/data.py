"""`load`, `query`, `dump` and `restore`: moving RDF in and out of the store."""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import sys
from pathlib import Path

from rdflib.term import Node

from mdto.cli.common import EXIT_INPUT, CliError, settings_from, store_from
from mdto.namespaces import GRAPH_PUBLISHED
from mdto.rdfio import parse_bytes, parse_file, to_rdflib_graph
from mdto.refdata import public_graphs
from mdto.search import index_path_for, index_resources
from mdto.store.base import dump_path_format
from mdto.terms import iri
from mdto.validation import render
from mdto.validation.gate import check_write


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "load",
        help="load RDF files into the store",
        description="Load RDF files (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML) in one transaction: "
        "every file is parsed first and validated against the SHACL profile (the write gate); if any file is "
        "malformed or the data does not conform, nothing is written and the report is printed.",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument(
        "--graph",
        default=str(GRAPH_PUBLISHED),
        metavar="IRI",
        help="named graph for triples of graph syntaxes (default: the published graph)",
    )
    p.add_argument(
        "--profile",
        choices=["mdto", "register"],
        default="mdto",
        help="SHACL profile the data must conform to before anything is written (default: mdto)",
    )
    p.set_defaults(func=load)

    p = sub.add_parser(
        "query",
        help="run a SPARQL query",
        description="Run a SPARQL query. By default it sees the published and reference graphs as its default "
        "graph; --graph names the graphs to use instead.",
    )
    p.add_argument("text", metavar="SPARQL", help="the query text, or @FILE to read it from a file")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.add_argument("--graph", action="append", metavar="IRI", help="default graph (repeatable)")
    p.set_defaults(func=query)

    p = sub.add_parser("dump", help="write the whole dataset to a file", description="Dump every graph.")
    p.add_argument("--out", type=Path, required=True, help="FILE.nq or FILE.trig, optionally .gz")
    p.set_defaults(func=dump)

    p = sub.add_parser(
        "restore",
        help="replace the dataset by a dump",
        description="Replace the whole dataset by a dump (N-Quads or TriG). The dump is parsed completely first; "
        "a malformed dump changes nothing.",
    )
    p.add_argument("file", type=Path)
    p.set_defaults(func=restore)


def load(args: argparse.Namespace) -> int:
    if not _valid_iri(args.graph):
        raise CliError(f"--graph {args.graph!r} is not an absolute IRI", EXIT_INPUT)
    parsed = [parse_file(f) for f in args.files]  # every file parses, or nothing is written
    store = store_from(args)
    import pyoxigraph as ox

    target = ox.NamedNode(args.graph)
    quads = [
        ox.Quad(q.subject, q.predicate, q.object, target) if isinstance(q.graph_name, ox.DefaultGraph) else q
        for p in parsed
        for q in p.quads
    ]
    report = check_write(store, to_rdflib_graph(quads), args.profile, [*public_graphs(), args.graph])
    if not report.conforms:
        store.close()
        print(render(report, "text"), end="")
        raise CliError(f"the data does not conform to the {args.profile} profile; nothing was written")
    n = store.insert(quads)
    index = index_path_for(store, settings_from(args))
    if index.exists():  # keep an existing search index current; a missing one is built by reindex or serve
        index_resources(store, {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)}, index)
    store.close()
    for p in parsed:
        print(f"{p.source}: {len(p.quads)} triples")
    print(f"loaded {n} triples into {store.description}", file=sys.stderr)
    return 0


def _valid_iri(value: str) -> bool:
    try:
        iri(value)
        return True
    except ValueError:
        return False


_PROLOGUE = re.compile(r"^\s*((#[^\n]*\n)|(PREFIX\s+\S*:\s*<[^>]*>)|(BASE\s+<[^>]*>)|\s)*", re.IGNORECASE)


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first keyword after the prologue."""
    rest = text[_PROLOGUE.match(text).end() :]  # type: ignore[union-attr]
    word = rest.split(None, 1)[0].upper() if rest.strip() else ""
    if word not in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}:
        raise CliError(f"not a SPARQL query (starts with {word or 'nothing'!r}); updates are not run here", 2)
    return word


def query(args: argparse.Namespace) -> int:
    text = args.text
    if text.startswith("@"):
        try:
            text = Path(text[1:]).read_text(encoding="utf-8")
        except OSError as e:
            raise CliError(f"cannot read {text[1:]}: {e.strerror}", EXIT_INPUT) from None
    form = query_form(text)
    graphs = args.graph or public_graphs()
    store = store_from(args)
    if form == "ASK":
        result = store.ask(text, default_graphs=graphs)
        print(json.dumps({"boolean": result}) if args.format == "json" else str(result).lower())
    elif form in ("CONSTRUCT", "DESCRIBE"):
        print(store.construct(text, default_graphs=graphs).serialize(format="turtle"))
    else:
        rows = store.select(text, default_graphs=graphs)
        _print_rows(rows, args.format)
    store.close()
    return 0


def _print_rows(rows: list[dict[str, Node]], fmt: str) -> None:
    names: list[str] = []
    for r in rows:
        names += [k for k in r if k not in names]
    if fmt == "json":
        print(json.dumps([{k: str(v) for k, v in r.items()} for r in rows], ensure_ascii=False, indent=2))
    elif fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(names)
        w.writerows([[str(r.get(n, "")) for n in names] for r in rows])
    else:
        table = [names] + [[str(r.get(n, "")) for n in names] for r in rows]
        widths = [min(60, max(len(row[i]) for row in table)) for i in range(len(names))]
        for i, row in enumerate(table):
            print("  ".join(cell[:60].ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
            if i == 0:
                print("  ".join("-" * w for w in widths))
        print(f"({len(rows)} rows)", file=sys.stderr)


def dump(args: argparse.Namespace) -> int:
    fmt = dump_path_format(args.out)
    store = store_from(args)
    buffer = io.BytesIO()
    store.dump(buffer, fmt)
    data = buffer.getvalue()
    args.out.write_bytes(gzip.compress(data) if args.out.name.endswith(".gz") else data)
    store.close()
    print(f"wrote {args.out} ({len(data)} bytes, {fmt})", file=sys.stderr)
    return 0


def restore(args: argparse.Namespace) -> int:
    fmt = dump_path_format(args.file)
    try:
        raw = args.file.read_bytes()
        data = gzip.decompress(raw) if args.file.name.endswith(".gz") else raw
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        raise CliError(f"cannot read {args.file}: {e}", EXIT_INPUT) from None
    parsed = parse_bytes(data, fmt, str(args.file))
    store = store_from(args)
    store.restore(parsed.quads)
    n = store.count()
    store.close()
    print(f"restored {len(parsed.quads)} quads; the store now holds {n}", file=sys.stderr)
    return 0
