"""Reading an uploaded .xlsx or .csv file into rows of cells, keyed by register field.

Everything that makes a file unusable as a whole is found here, before any row is looked at, and raised as
`FileProblem` with a message for the person who sent it: not a spreadsheet, an old .xls or password-protected
workbook (both are OLE compound files), a corrupt workbook, no known sheet, missing required columns, more
rows than the limit. Formulas are detected by loading the workbook with `data_only=False`, so that a formula
cell shows as a formula (data type "f") instead of a cached value that may be stale or absent.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from mdto.spreadsheet.cells import CellValue, is_empty, text_of
from mdto.spreadsheet.layout import Layout, SheetLayout

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


class FileProblem(ValueError):
    """The file cannot be imported at all; `status` is the HTTP status that fits."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Formula:
    """A cell that holds a formula instead of a value."""

    text: str


@dataclass
class Row:
    number: int  # the row number the person sees (header = 1)
    cells: dict[str, CellValue | Formula]


@dataclass
class SheetData:
    layout: SheetLayout
    name: str
    rows: list[Row]
    column_letters: dict[str, int]  # field key -> 1-based column index in the uploaded sheet
    ignored_headers: list[str] = field(default_factory=list)


@dataclass
class FileData:
    kind: str  # "xlsx" or "csv"
    sheets: list[SheetData]
    notes: list[str] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return sum(len(s.rows) for s in self.sheets)


def read_upload(data: bytes, filename: str | None, layout: Layout, max_rows: int | None = None) -> FileData:
    """Sniff the file type from its bytes (the name only breaks ties) and read it."""
    limit = layout.max_rows if max_rows is None else max_rows
    name = (filename or "").lower()
    if not data:
        raise FileProblem("het bestand is leeg")
    if data.startswith(_OLE):
        if _ENCRYPTED_MARK in data:
            raise FileProblem(
                "de werkmap is met een wachtwoord beveiligd; sla ze op zonder wachtwoord (Bestand > Info > "
                "Werkmap beveiligen) en probeer opnieuw"
            )
        raise FileProblem("dit is een oud Excel-bestand (.xls); sla het op als Excel-werkmap (.xlsx) of als CSV")
    if data.startswith(_ZIP):
        return _read_xlsx(data, layout, limit)
    if name.endswith((".xlsx", ".xlsm")):
        raise FileProblem("het bestand heet .xlsx maar is geen Excel-werkmap: het is beschadigd of van een ander type")
    if name.endswith(".csv") or (not name and b"\x00" not in data[:4096] and not data.startswith(b"%PDF")):
        return _read_csv(data, layout, limit)
    raise FileProblem("dit is geen Excel-werkmap (.xlsx) of CSV-bestand (.csv)", status=415)


# -------------------------------------------------------------------------------------------------- xlsx


def _read_xlsx(data: bytes, layout: Layout, limit: int) -> FileData:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as e:
        raise FileProblem(f"de werkmap is beschadigd of geen geldige .xlsx ({type(e).__name__}: {e})") from None
    except Exception as e:  # openpyxl raises many kinds on malformed parts (XML errors, InvalidFileException)
        raise FileProblem(f"de werkmap is beschadigd of kan niet gelezen worden ({type(e).__name__}: {e})") from None
    try:
        sheets = []
        total = 0
        for ws in wb.worksheets:
            sheet_layout = layout.for_sheet_name(ws.title)
            if sheet_layout is None:
                continue
            sheet = _read_table(sheet_layout, ws.title, (_xlsx_values(r) for r in ws.iter_rows()), limit, total)
            total += len(sheet.rows)
            sheets.append(sheet)
    except FileProblem:
        raise
    except Exception as e:
        raise FileProblem(f"de werkmap is beschadigd ({type(e).__name__}: {e})") from None
    finally:
        wb.close()
    if not sheets:
        names = ", ".join(s.sheet for s in layout.sheets)
        raise FileProblem(f"de werkmap heeft geen blad met de naam {names} (gebruik het importsjabloon)")
    return FileData("xlsx", sheets)


def _xlsx_values(cells: Iterable[object]) -> list[CellValue | Formula]:
    out: list[CellValue | Formula] = []
    for cell in cells:
        value = getattr(cell, "value", None)
        if getattr(cell, "data_type", None) == "f":
            out.append(Formula(str(getattr(value, "text", value))))
        else:
            out.append(value)  # type: ignore[arg-type]
    return out


# -------------------------------------------------------------------------------------------------- csv


def _read_csv(data: bytes, layout: Layout, limit: int) -> FileData:
    notes = []
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="strict")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
            notes.append(
                "het CSV-bestand is geen geldige UTF-8; het werd gelezen als Windows-1252 (ANSI). Controleer de "
                "letters met accenten, of bewaar het bestand als 'CSV UTF-8'"
            )
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not records:
        raise FileProblem("het CSV-bestand is leeg")
    sheet_layout = _csv_kind(records[0], layout)
    sheet = _read_table(sheet_layout, "CSV", iter(records), limit, 0)
    return FileData("csv", [sheet], notes)


def _csv_kind(headers: list[str], layout: Layout) -> SheetLayout:
    """The kind whose column labels the header row matches best (series on a tie)."""
    wanted = {_header_key(h) for h in headers}

    def score(s: SheetLayout) -> int:
        return len(wanted & {_header_key(c.header) for c in s.columns}) - len(wanted - _known(s))

    return max(layout.sheets, key=score)


def _known(sheet: SheetLayout) -> set[str]:
    return {_header_key(c.header) for c in sheet.columns} | {_header_key(c.key) for c in sheet.columns}


# -------------------------------------------------------------------------------------------------- table


def _header_key(text: object) -> str:
    return " ".join(text_of(text).replace("*", " ").split()).casefold() if text is not None else ""


def _read_table(
    sheet_layout: SheetLayout, name: str, records: Iterator[list[CellValue | Formula]], limit: int, before: int
) -> SheetData:
    """Header row, then data rows (empty rows skipped); `before` rows were already read from earlier sheets."""
    headers = next(records, [])
    by_header = {}
    for c in sheet_layout.columns:
        by_header[_header_key(c.header)] = c.key
        by_header[_header_key(c.key)] = c.key
    positions: dict[str, int] = {}
    ignored = []
    for i, h in enumerate(headers):
        if isinstance(h, Formula) or is_empty(h):
            continue
        key = by_header.get(_header_key(h))
        if key is None:
            ignored.append(text_of(h))
        elif key in positions:
            raise FileProblem(f"blad {name}: de kolom '{text_of(h)}' komt twee keer voor")
        else:
            positions[key] = i
    missing = [
        c.header
        for c in sheet_layout.columns
        if (c.required or c.key == sheet_layout.identifier) and c.key not in positions
    ]
    if missing:
        raise FileProblem(
            f"blad {name}: verplichte kolommen ontbreken: {', '.join(missing)} (de eerste rij moet de kolomnamen "
            "van het importsjabloon bevatten)"
        )
    rows = []
    for number, record in enumerate(records, start=2):
        cells = {key: record[i] if i < len(record) else None for key, i in positions.items()}
        if all(is_empty(v) for v in cells.values() if not isinstance(v, Formula)) and not any(
            isinstance(v, Formula) for v in cells.values()
        ):
            continue
        if before + len(rows) >= limit:
            raise FileProblem(
                f"het bestand telt meer dan {limit} rijen; splits het op in bestanden van hoogstens {limit} rijen",
                status=413,
            )
        rows.append(Row(number, cells))
    return SheetData(sheet_layout, name, rows, {k: i + 1 for k, i in positions.items()}, ignored)
