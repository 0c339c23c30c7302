"""Helpers for the spreadsheet tests: real workbooks and CSV files built from the template's headers."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook, load_workbook

from mdto.spreadsheet.layout import spreadsheet_layout


def valid_series(slug: str, **overrides: Any) -> dict[str, Any]:
    """A series row (by Dutch header) that passes every check of profile register."""
    row = {
        "Identificatie": slug,
        "Naam": f"Testreeks {slug}",
        "Beschrijving": "Dossiers om de import te testen.",
        "Trefwoord": "test; import",
        "Toepassingsgebied": "Gemeenten",
        "Bewaargever": "Stad Leuven",
        "Archiefvormer": "Stad Leuven",
        "Proces": "1.1.1",
        "Geldig van": "31/12/2019",
        "Bestemming": "V",
        "Bewaartermijn": "10",
        "Termijnspecificatie": "Na afhandeling van het informatieobject",
        "Motivering bewaartermijn": "De termijn volgt de selectielijst.",
        "Persoonsgegevens": "nee",
        "Openbaarheid": "Openbaar",
        "Beperking gebruik": "Geen beperking",
    }
    row.update(overrides)
    return row


def headers(kind: str) -> list[str]:
    return [c.header for c in spreadsheet_layout().for_kind(kind).columns]


def workbook(sheets: dict[str, Sequence[dict[str, Any]]], header_override: dict[str, list[str]] | None = None) -> bytes:
    """An .xlsx with one sheet per kind ('serie', 'dossier', 'stuk'), headers in template order."""
    wb = Workbook()
    wb.remove(wb.active)
    for kind, rows in sheets.items():
        ws = wb.create_sheet(spreadsheet_layout().for_kind(kind).sheet)
        cols = (header_override or {}).get(kind) or headers(kind)
        ws.append(cols)
        for row in rows:
            ws.append([row.get(h) for h in cols])
    return save(wb)


def save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def open_workbook(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def csv_bytes(rows: Sequence[dict[str, Any]], separator: str = ";", encoding: str = "utf-8") -> bytes:
    import csv

    cols = headers("serie")
    out = io.StringIO(newline="")
    w = csv.writer(out, delimiter=separator)
    w.writerow(cols)
    for row in rows:
        w.writerow(["" if row.get(h) is None else row.get(h) for h in cols])
    return out.getvalue().encode(encoding)


def cell_of(wb: Workbook, sheet: str, row: int, header: str) -> Any:
    ws = wb[sheet]
    col = [c.value for c in ws[1]].index(header) + 1
    return ws.cell(row=row, column=col)
