"""The generated import template: sheets, headers, comments, drop-downs fed by the store's concept schemes."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from mdto.mapping import register_mapping
from mdto.spreadsheet.importer import vocabulary_for
from mdto.spreadsheet.layout import parse_layout, spreadsheet_layout
from mdto.spreadsheet.workbook import INSTRUCTIONS_SHEET, LISTS_SHEET, build_workbook, workbook_bytes
from mdto.store import Store
from tests.spreadsheets import open_workbook


@pytest.fixture(scope="module")
def template(demo_store: Store) -> Workbook:
    layout = spreadsheet_layout()
    return open_workbook(workbook_bytes(build_workbook(layout, vocabulary_for(demo_store, layout))))


def test_one_sheet_per_kind_instructions_and_a_hidden_list_sheet(template: Workbook) -> None:
    assert template.sheetnames == [INSTRUCTIONS_SHEET, "Series", "Dossiers", "Stukken", LISTS_SHEET]
    assert template[LISTS_SHEET].sheet_state == "hidden"
    text = " ".join(str(c.value) for c in template[INSTRUCTIONS_SHEET]["A"] if c.value)
    assert "Identificatie" in text and "proefimport" in text and "10000 rijen" in text


def test_headers_are_the_dutch_labels_of_the_mapping_in_layout_order(template: Workbook) -> None:
    mapping = register_mapping()
    for sheet in spreadsheet_layout().sheets:
        headers = [c.value for c in template[sheet.sheet][1]]
        assert headers == [mapping.field(sheet.kind, c.key).label_nl for c in sheet.columns]
        assert not any(c.value for c in template[sheet.sheet][2])  # a template has no rows


def test_each_header_has_a_comment_with_help_and_required_or_optional(template: Workbook) -> None:
    ws = template["Series"]
    comments = {c.value: c.comment.text for c in ws[1]}
    assert comments["Naam"].startswith(register_mapping().field("serie", "naam").help_nl)
    assert "Verplicht." in comments["Naam"] and "Verplicht." in comments["Toepassingsgebied"]
    assert "Optioneel." in comments["Trefwoord"] and "scheiden met ';'" in comments["Trefwoord"]
    assert "31/12/2019" in comments["Geldig van"]
    assert "P10Y" in comments["Bewaartermijn"]
    assert "gekende identificatie werkt die rij bij" in comments["Identificatie"]
    assert all(comments.values())


def test_dropdowns_are_fed_by_the_concept_schemes_of_the_store(template: Workbook) -> None:
    ws = template["Series"]
    headers = [c.value for c in ws[1]]
    lists = template[LISTS_SHEET]
    by_column = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            by_column[headers[rng.min_col - 1]] = dv
    assert {"Toepassingsgebied", "Proces", "Bestemming", "Openbaarheid", "Termijnspecificatie", "Archiefvormer"} <= set(
        by_column
    )
    assert by_column["Persoonsgegevens"].formula1 == '"ja,nee"'

    def values(header: str) -> list[str]:
        ref = by_column[header].formula1.split("!")[1].replace("$", "")
        return [c.value for row in lists[ref] for c in row]

    assert values("Bestemming") == ["Blijvend te bewaren", "Nader te bepalen", "Tijdelijk te bewaren"]
    assert "Gemeenten" in values("Toepassingsgebied")
    assert "Na afhandeling van het informatieobject" in values("Termijnspecificatie")
    assert "Beperkt openbaar" in values("Openbaarheid")
    assert "Stad Leuven" in values("Archiefvormer")
    assert "Opvolgen van zaken m.b.t. de verzekeringspolissen" in values("Proces")
    assert [r.max_row for r in by_column["Bestemming"].sqref.ranges] == [spreadsheet_layout().max_rows + 1]


LAYOUT_HEAD = 'separator = ";"\nmax_rows = 1\n[kinds.serie]\nsheet = "S"\nidentifier = "naam"\n'


def test_the_layout_refuses_fields_the_mapping_does_not_know() -> None:
    with pytest.raises(ValueError, match="serie has no field 'kleur'"):
        parse_layout(LAYOUT_HEAD + 'columns = ["naam", "kleur"]')
    with pytest.raises(ValueError, match="needs a column"):
        parse_layout(LAYOUT_HEAD + 'columns = ["omschrijving"]')
