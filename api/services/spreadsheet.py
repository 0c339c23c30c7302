"""What the spreadsheet endpoints mean: the template, an import with its report, and an export.

The HTTP side (api/routers/spreadsheet.py) only reads the upload and picks the response format; the work is
done by mdto.spreadsheet, the same code the CLI runs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from fastapi.responses import Response
from rdflib import URIRef

from api.services.search import SearchParams, SearchService
from mdto.auth.directory import Principal
from mdto.spreadsheet.export import export_workbook
from mdto.spreadsheet.importer import import_spreadsheet, vocabulary_for
from mdto.spreadsheet.layout import spreadsheet_layout
from mdto.spreadsheet.report import ImportReport, marked_workbook
from mdto.spreadsheet.workbook import build_workbook, workbook_bytes
from mdto.store import Store

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_PAGE = 200  # the search's largest page


@dataclass
class ImportOutcome:
    report: ImportReport
    status: int
    marked: bytes | None  # the workbook with wrong cells marked, when asked for and the file could be read


def spreadsheet_export(search: SearchService, params: SearchParams) -> Response:
    """Every series the search finds (all pages, in its order) as a workbook, with their dossiers and stukken."""
    iris: list[URIRef] = []
    page = 1
    while True:
        body = search.series(replace(params, page=page, size=_PAGE))
        iris += [URIRef(item["iri"]) for item in body["items"]]
        if page * _PAGE >= body["total"]:
            break
        page += 1
    data = workbook_bytes(export_workbook(search.store, series_iris=iris))
    return Response(data, media_type=XLSX, headers={"Content-Disposition": 'attachment; filename="series.xlsx"'})


def template_bytes(store: Store) -> bytes:
    layout = spreadsheet_layout()
    return workbook_bytes(build_workbook(layout, vocabulary_for(store, layout)))


def run_import(
    store: Store, data: bytes, filename: str | None, dry_run: bool, want_marked: bool,
    principal: Principal | None = None, organisation: str | None = None,
) -> ImportOutcome:  # fmt: skip
    report, file_data = import_spreadsheet(
        store, data, filename, dry_run=dry_run, principal=principal, organisation=organisation
    )
    if report.file_problems:
        return ImportOutcome(report, report.file_status, None)
    marked = marked_workbook(data, file_data, report) if want_marked else None
    return ImportOutcome(report, 200 if report.ok else 422, marked)
