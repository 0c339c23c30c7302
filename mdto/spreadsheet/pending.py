"""A row on its way through an import: what it says, where it lands, and what it would store."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from mdto.auth.directory import Organisation
from mdto.model import Resource
from mdto.spreadsheet.reader import SheetData
from mdto.spreadsheet.report import Problem, RowResult
from mdto.writeside.records import SeriesRecord


@dataclass
class Pending:
    result: RowResult
    sheet: SheetData
    resource: Resource | None = None  # None when the row could not be read into a resource
    series: str | None = None  # the series the row belongs to (a series row: itself); None if unknown
    record: SeriesRecord | None = None  # that series' workflow record; None while the series is new
    revision: str | None = None  # a dossier's or stuk's own revision; None if new or loaded without the workflow
    stored: Graph | None = None  # the description the row is compared with (working copy or published)
    description: Graph | None = None  # what would be stored: the row, merged into the stored description
    organisation: Organisation | None = None  # for a new series: the organisation that will hold it

    @property
    def kind(self) -> str:
        return self.result.kind

    @property
    def is_new_series(self) -> bool:
        return self.kind == "serie" and self.record is None

    def refuse(self, message: str) -> None:
        """A problem of the row as a whole, shown on its Identificatie cell."""
        layout = self.sheet.layout
        column = layout.column(layout.identifier)
        self.result.problems.append(Problem(message, self.result.sheet, self.result.row, column.header, column.key))
