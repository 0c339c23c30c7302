"""The import report: per row and per column what is wrong, in the words of the person who filled the sheet.

One report object renders three ways: text (CLI), JSON (API, `--format json`) and the uploaded workbook itself
with every wrong cell filled red and a comment that says why (`marked_workbook`).
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass, field
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from mdto.spreadsheet.reader import FileData
from mdto.spreadsheet.workbook import put

NIEUW, GEWIJZIGD, ONGEWIJZIGD, GEWEIGERD = "nieuw", "gewijzigd", "ongewijzigd", "geweigerd"
STATUSES = (NIEUW, GEWIJZIGD, ONGEWIJZIGD, GEWEIGERD)
ERROR_FILL = PatternFill("solid", fgColor="FF9999")
REPORT_SHEET = "Importverslag"


@dataclass
class Problem:
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None  # the header the person sees
    key: str | None = None  # the register field key

    def text(self) -> str:
        where = [
            part
            for part in (
                f"blad {self.sheet}" if self.sheet else None,
                f"rij {self.row}" if self.row is not None else None,
                f"kolom {self.column}" if self.column else None,
            )
            if part
        ]
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class RowResult:
    sheet: str
    row: int
    kind: str
    identifier: str | None
    status: str
    problems: list[Problem] = field(default_factory=list)
    action: str | None = None  # what a writing row becomes on the write side (its audit action), see ACTIONS_NL


ACTIONS_NL = {
    "create": "nieuw concept",
    "edit": "concept gewijzigd",
    "new-version": "nieuwe versie als concept",
    "create-dossier": "nieuw dossier",
    "edit-dossier": "dossier gewijzigd",
    "create-stuk": "nieuw stuk",
    "edit-stuk": "stuk gewijzigd",
}


@dataclass
class ImportReport:
    dry_run: bool
    rows: list[RowResult] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: bool = False
    file_status: int = 400  # the HTTP status that fits a file problem (413 too large, 415 not a spreadsheet)

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUSES, 0)
        for r in self.rows:
            out[r.status] += 1
        return out

    @property
    def ok(self) -> bool:
        return not self.file_problems and not any(r.status == GEWEIGERD for r in self.rows)

    @property
    def problems(self) -> list[Problem]:
        return self.file_problems + [p for r in self.rows for p in r.problems]

    def summary(self) -> str:
        c = self.counts
        counts = ", ".join(f"{c[s]} {s}" for s in STATUSES)
        if self.file_problems:
            outcome = "niet ingelezen; er werd niets opgeslagen"
        elif not self.ok:
            outcome = "geweigerd; er werd niets opgeslagen"
        elif self.dry_run:
            outcome = "proefimport: alles in orde, er werd niets opgeslagen"
        elif self.written:
            outcome = "opgeslagen als concepten; publiceren gaat via de workflow (indienen, publiceren)"
        else:
            outcome = "niets te wijzigen"
        return f"{counts}: {outcome}"

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "written": self.written,
            "summary": self.summary(),
            "counts": self.counts,
            "notes": self.notes,
            "file_problems": [asdict(p) | {"text": p.text()} for p in self.file_problems],
            "rows": [
                {
                    "sheet": r.sheet,
                    "row": r.row,
                    "kind": r.kind,
                    "identifier": r.identifier,
                    "status": r.status,
                    "action": r.action,
                    "problems": [asdict(p) | {"text": p.text()} for p in r.problems],
                }
                for r in self.rows
            ],
        }

    def to_text(self, verbose: bool = False) -> str:
        lines = [f"let op: {n}" for n in self.notes]
        lines += [p.text() for p in self.problems]
        if verbose:
            lines += [
                f"blad {r.sheet}, rij {r.row}: {r.identifier} {ACTIONS_NL.get(r.action or '', r.status)}"
                for r in self.rows
                if not r.problems
            ]
        lines.append(self.summary())
        return "\n".join(lines)


def marked_workbook(original: bytes, data: FileData | None, report: ImportReport) -> bytes:
    """The uploaded workbook with the wrong cells filled red, a comment on each, and a report sheet.

    A CSV upload comes back as a workbook with one sheet holding its rows, marked the same way.
    """
    if data is not None and data.kind == "xlsx":
        wb = load_workbook(io.BytesIO(original), data_only=False)
    else:
        wb = _csv_as_workbook(data)
    for problem in report.problems:
        if problem.sheet is None or problem.sheet not in wb.sheetnames or problem.row is None:
            continue
        ws = wb[problem.sheet]
        col = _column_index(data, problem)
        cell = ws.cell(row=problem.row, column=col)
        cell.fill = ERROR_FILL
        text = problem.message if cell.comment is None else f"{cell.comment.text}\n{problem.message}"
        cell.comment = Comment(text, "Serieregister")
    if REPORT_SHEET in wb.sheetnames:
        del wb[REPORT_SHEET]
    ws = wb.create_sheet(REPORT_SHEET, 0)
    ws.append([report.summary()])
    ws["A1"].font = Font(bold=True)
    for note in report.notes:
        ws.append([f"let op: {note}"])
    ws.append(["blad", "rij", "kolom", "melding"])
    for p in report.problems:
        ws.append([p.sheet, p.row, p.column, p.message])
    ws.column_dimensions["D"].width = 100
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _column_index(data: FileData | None, problem: Problem) -> int:
    if data is None:
        return 1
    sheet = next((s for s in data.sheets if s.name == problem.sheet), None)
    if sheet is None:
        return 1
    if problem.key in sheet.column_letters:
        return sheet.column_letters[problem.key]
    return sheet.column_letters.get(sheet.layout.identifier, 1)


def _csv_as_workbook(data: FileData | None) -> Workbook:
    wb = Workbook()
    ws = wb.active
    if data is None:
        ws.title = "Bestand"
        return wb
    sheet = data.sheets[0]
    ws.title = sheet.name
    for key, col in sheet.column_letters.items():
        ws.cell(row=1, column=col, value=sheet.layout.column(key).header)
    for row in sheet.rows:
        for key, col in sheet.column_letters.items():
            put(ws, row.number, col, row.cells.get(key))
    return wb
