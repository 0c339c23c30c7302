"""Building the import template and the export workbook: the same sheets, headers, comments and drop-downs.

The template is generated from the mappings and the store's reference data every time it is asked for (never
kept as a file), and an export is the template with rows filled in, so that whatever the export writes the
import reads back. Drop-down lists show labels; they live on a hidden sheet ("Lijsten") because Excel limits an
inline list to 255 characters.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from mdto.spreadsheet.cells import DATE_FORMS
from mdto.spreadsheet.layout import Column, Layout, SheetLayout
from mdto.spreadsheet.vocabulary import Vocabulary

LISTS_SHEET = "Lijsten"
INSTRUCTIONS_SHEET = "Instructies"
REQUIRED_FILL = PatternFill("solid", fgColor="FFD966")
OPTIONAL_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_FONT = Font(bold=True)


def column_comment(column: Column, sheet: SheetLayout, separator: str) -> str:
    """The explanation a header cell carries: help text, verplicht/optioneel, the accepted forms."""
    spec = column.spec
    lines = [spec.help_nl or spec.label_nl, ""]
    lines.append("Verplicht." if column.required or column.key == sheet.identifier else "Optioneel.")
    if column.key == sheet.identifier:
        lines.append(
            "Kleine letters, cijfers en koppeltekens. Een gekende identificatie werkt die rij bij; "
            "een nieuwe maakt een nieuw object."
        )
    if spec.type in ("concept", "process", "actor"):
        lines.append("Kies uit de lijst; ook de code of de IRI wordt aanvaard.")
    elif spec.type == "date":
        lines.append(f"Datum, bijvoorbeeld {DATE_FORMS}.")
    elif spec.type == "duration":
        lines.append("Bijvoorbeeld P10Y of 10 (jaar), '6 maanden'.")
    elif spec.type == "boolean":
        lines.append("ja of nee.")
    elif spec.type == "resource":
        lines.append("De identificatie van het object waarnaar verwezen wordt (of zijn IRI).")
    if spec.many:
        lines.append(f"Meerdere waarden scheiden met '{separator}'.")
    return "\n".join(lines)


def build_workbook(
    layout: Layout,
    vocabulary: Vocabulary,
    rows: dict[str, Sequence[Sequence[str]]] | None = None,
    validation_rows: int | None = None,
) -> Workbook:
    """The template (no rows) or an export (rows per kind, in column order)."""
    wb = Workbook()
    instructions = wb.active
    instructions.title = INSTRUCTIONS_SHEET
    _write_instructions(instructions, layout)
    lists = wb.create_sheet(LISTS_SHEET)
    list_ranges = _write_lists(lists, layout, vocabulary)
    lists.sheet_state = "hidden"
    last_row = 1 + (validation_rows or layout.max_rows)
    for sheet in layout.sheets:
        ws = wb.create_sheet(sheet.sheet, index=len(wb.sheetnames) - 1)
        _write_header(ws, sheet, layout.separator)
        for r, values in enumerate((rows or {}).get(sheet.kind, ()), start=2):
            for c, value in enumerate(values, start=1):
                put(ws, r, c, value)
        _add_validations(ws, sheet, list_ranges, last_row)
    return wb


def put(ws: Worksheet, row: int, column: int, value: object) -> None:
    """Write a value as data: a text that starts with '=' stays text instead of becoming a formula."""
    if value is None or value == "":
        return
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def workbook_bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _write_header(ws: Worksheet, sheet: SheetLayout, separator: str) -> None:
    for i, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=i, value=column.header)
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if column.required or column.key == sheet.identifier else OPTIONAL_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        comment = Comment(column_comment(column, sheet, separator), "Serieregister")
        comment.width, comment.height = 320, 160
        cell.comment = comment
        ws.column_dimensions[get_column_letter(i)].width = 40 if column.spec.type == "text" else 24
    ws.freeze_panes = "B2"


def _write_lists(ws: Worksheet, layout: Layout, vocabulary: Vocabulary) -> dict[str, str]:
    """One column per list on the hidden sheet; returns list name -> absolute range for data validation."""
    ranges: dict[str, str] = {}
    col = 0
    for sheet in layout.sheets:
        for column in sheet.columns:
            choices = vocabulary.for_field(column.spec)
            if choices is None or choices.name in ranges:
                continue
            col += 1
            letter = get_column_letter(col)
            ws.cell(row=1, column=col, value=choices.name)
            labels = choices.sorted_labels()
            for r, label in enumerate(labels, start=2):
                ws.cell(row=r, column=col, value=label)
            ranges[choices.name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${max(2, len(labels) + 1)}"
    return ranges


def _add_validations(ws: Worksheet, sheet: SheetLayout, list_ranges: dict[str, str], last_row: int) -> None:
    for i, column in enumerate(sheet.columns, start=1):
        spec = column.spec
        if spec.type == "boolean":
            formula = '"ja,nee"'
        elif spec.type in ("concept", "process") and spec.scheme in list_ranges:
            formula = list_ranges[spec.scheme]
        elif spec.type == "actor" and "actoren" in list_ranges:
            formula = list_ranges["actoren"]
        else:
            continue
        dv = DataValidation(type="list", formula1=formula, allow_blank=True)
        # a warning, not a stop: a code, an IRI or several values separated by ';' are valid too
        dv.errorStyle = "warning"
        dv.showErrorMessage = not spec.many
        dv.errorTitle = column.header
        dv.error = "Deze waarde staat niet in de lijst. Het importverslag zegt of ze aanvaard wordt."
        dv.promptTitle = column.header[:32]
        dv.prompt = (spec.help_nl or column.header)[:255]
        dv.showInputMessage = True
        letter = get_column_letter(i)
        dv.add(f"{letter}2:{letter}{last_row}")
        ws.add_data_validation(dv)


def _write_instructions(ws: Worksheet, layout: Layout) -> None:
    sheet_names = ", ".join(s.sheet for s in layout.sheets)
    lines: Iterable[str] = (
        "Importsjabloon Serieregister",
        "",
        f"Vul per soort object één blad in ({sheet_names}); één rij per object. Laat de eerste rij (kolomnamen) "
        "ongewijzigd.",
        "Elke kolomnaam draagt een opmerking met uitleg en zegt of de kolom verplicht of optioneel is; "
        "verplichte kolommen zijn geel.",
        "Identificatie: kleine letters, cijfers en koppeltekens. Wie hetzelfde bestand opnieuw importeert, wijzigt "
        "niets; een rij met een gekende identificatie werkt dat object bij, een nieuwe identificatie maakt een "
        "nieuw object.",
        "Lijstwaarden: kies uit de keuzelijst; ook de code (bv. V) of de volledige IRI wordt aanvaard.",
        f"Datums: {DATE_FORMS}, of een Excel-datum.",
        "Bewaartermijn: P10Y, of gewoon 10 (jaar), of '6 maanden'.",
        f"Meerdere waarden in één cel scheiden met '{layout.separator}'.",
        "Typ waarden in, geen formules: een cel met een formule wordt geweigerd.",
        "Dossiers verwijzen in 'Is onderdeel van' naar de identificatie van hun serie, stukken naar die van hun "
        "dossier.",
        f"Hoogstens {layout.max_rows} rijen per bestand. Een import gebeurt helemaal of helemaal niet: is één rij "
        "fout, dan wordt niets opgeslagen en zegt het verslag per rij en kolom wat er mis is.",
        "Probeer eerst met een proefimport (dry run): die controleert alles en schrijft niets.",
        "CSV kan ook: dezelfde kolomnamen, UTF-8 (of Windows-1252), gescheiden door ';' of ','.",
    )
    for r, line in enumerate(lines, start=1):
        ws.cell(row=r, column=1, value=line).alignment = Alignment(wrap_text=True)
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 120
