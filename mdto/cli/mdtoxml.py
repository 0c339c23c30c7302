"""`export mdto`, `export sip` and `import mdto`: MDTO XML documents and SIPs in and out of the register.

`export` is a group of subcommands so that other formats (e.g. `export xlsx`) join it as siblings.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mdto.cli.common import EXIT_INPUT, CliError, settings_from, store_from
from mdto.refdata import public_graphs
from mdto.search import index_path_for, index_resources
from mdto.settings import Settings
from mdto.xml import MdtoXmlError, documents_from_paths, export_document, export_sip, import_documents
from mdto.xml.sip import remove_partial


def _export_group(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """The `export` subparser group, created once and shared by every module that adds an export format."""
    existing = sub.choices.get("export")
    if existing is None:
        existing = sub.add_parser("export", help="export resources (MDTO XML, SIP, ...)")
        existing.set_defaults(export_sub=existing.add_subparsers(dest="format", required=True, metavar="FORMAT"))
    return existing.get_default("export_sub")


def _xsd_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--xsd", type=Path, metavar="PATH", help="validate against this MDTO XSD [SERIEREGISTER_XSD]")


def register(sub: argparse._SubParsersAction) -> None:
    export = _export_group(sub)
    p = export.add_parser(
        "mdto",
        help="one resource as an MDTO XML document",
        description="Write the MDTO XML 1.0.1 document of one published informatieobject or bestand.",
    )
    p.add_argument("iri", help="IRI of the resource (or id:kind/slug)")
    p.add_argument("--out", type=Path, metavar="FILE", help="write here instead of standard output")
    _xsd_option(p)
    p.set_defaults(func=export_mdto)

    p = export.add_parser(
        "sip",
        help="a series as an MDTO SIP",
        description="Write the MDTO SIP of a published "
        "informatieobject (usually a series) with everything in it, as a directory or a .zip.",
    )
    p.add_argument("iri")
    p.add_argument("--out", type=Path, required=True, metavar="DIR|FILE.zip")
    p.add_argument("--files", type=Path, metavar="DIR", help="directory with file contents [SERIEREGISTER_FILES]")
    _xsd_option(p)
    p.set_defaults(func=export_sip_cmd)

    imp = sub.choices.get("import") or sub.add_parser("import", help="import resources (MDTO XML, ...)")
    isub = imp.get_default("import_sub") or imp.add_subparsers(dest="format", required=True, metavar="FORMAT")
    imp.set_defaults(import_sub=isub)
    p = isub.add_parser(
        "mdto",
        help="MDTO XML documents, directories or SIPs",
        description="Import MDTO XML "
        "documents, directories of them and MDTO SIPs (directory or .zip) into the published graph, "
        "in one transaction. Prints the IRI of every imported object.",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--files", type=Path, metavar="DIR", help="copy file contents here [SERIEREGISTER_FILES]")
    p.add_argument("--max-bytes", type=int, metavar="N", help="largest package accepted [SERIEREGISTER_MAX_UPLOAD]")
    _xsd_option(p)
    p.set_defaults(func=import_mdto)


def _settings(args: argparse.Namespace) -> Settings:
    return settings_from(args).with_overrides(
        xsd_path=args.xsd,
        files_path=getattr(args, "files", None),
        max_upload_bytes=getattr(args, "max_bytes", None),
    )


def _expand(iri: str) -> str:
    from mdto.namespaces import ID

    return str(ID) + iri[3:] if iri.startswith("id:") else iri


def export_mdto(args: argparse.Namespace) -> int:
    settings = _settings(args)
    store = store_from(args)
    try:
        data = export_document(store, _expand(args.iri), public_graphs(), settings.xsd_path)
    except LookupError as e:
        raise CliError(str(e)) from None
    except MdtoXmlError as e:
        raise CliError(str(e), e.exit_code) from None
    finally:
        store.close()
    if args.out:
        args.out.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


def export_sip_cmd(args: argparse.Namespace) -> int:
    settings = _settings(args)
    store = store_from(args)
    try:
        summary = export_sip(
            store, _expand(args.iri), args.out, public_graphs(), settings.files_path, settings.xsd_path
        )
    except FileExistsError as e:
        raise CliError(str(e), EXIT_INPUT) from None
    except (LookupError, MdtoXmlError) as e:
        remove_partial(args.out)
        raise CliError(str(e), getattr(e, "exit_code", 1)) from None
    finally:
        store.close()
    print(
        f"wrote {args.out}: {summary.informatieobjecten} informatieobjecten, {summary.bestanden} bestanden, "
        f"{summary.files} files, {summary.total_bytes} bytes ({summary.identifier})",
        file=sys.stderr,
    )
    return 0


def import_mdto(args: argparse.Namespace) -> int:
    settings = _settings(args)
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        raise CliError(f"no such file or directory: {', '.join(missing)}", EXIT_INPUT)
    try:
        documents = documents_from_paths(args.paths, settings.max_upload_bytes)
        if not documents:
            raise CliError("no MDTO XML documents (*.mdto.xml or single files) found", EXIT_INPUT)
        store = store_from(args)
        try:
            result = import_documents(store, documents, settings.xsd_path, settings.files_path)
            index = index_path_for(store, settings)
            if index.exists():  # keep an existing search index current, as `load` does
                index_resources(store, [str(i) for i in result.iris], index)
        finally:
            store.close()
    except MdtoXmlError as e:
        raise CliError(str(e), e.exit_code) from None
    for iri in result.iris:
        print(iri)
    print(f"imported {len(result.iris)} objects ({result.triples} triples)", file=sys.stderr)
    return 0
