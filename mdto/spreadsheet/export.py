"""Exporting published series (with their dossiers and stukken) as a workbook in the template's layout.

The filters are those of the public search (toepassingsgebied, archiefvormer, beheerder, waardering); a filter
value may be a label, a code or an IRI, resolved like an import cell. The faceted search of the read side
lives in another module; this one asks the store directly with the same meaning, so that an export needs no
search index. Cells are written in the forms the import reads back (labels, identificaties, lexical dates),
which makes export, edit, re-import a round trip that changes only the edited cells.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from rdflib import URIRef

from mdto.mapping import FieldSpec, register_mapping
from mdto.model import Resource
from mdto.namespaces import GRAPH_PUBLISHED, local_part, sparql_prefixes
from mdto.repository import describe
from mdto.spreadsheet.cells import CellError, parse_choice
from mdto.spreadsheet.importer import vocabulary_for
from mdto.spreadsheet.layout import SheetLayout, spreadsheet_layout
from mdto.spreadsheet.vocabulary import Vocabulary
from mdto.spreadsheet.workbook import build_workbook
from mdto.store import Store
from mdto.terms import iri as q_iri

# filter name -> register field key it constrains ("beheerder" is how the public portal calls the bewaargever)
FILTER_FIELDS = {
    "toepassingsgebied": "toepassingsgebied",
    "archiefvormer": "archiefvormer",
    "beheerder": "bewaargever",
    "waardering": "waardering",
}
_CHUNK = 500


class FilterError(ValueError):
    """A filter value that names nothing; the message says which filter and what is valid."""


@dataclass
class SeriesFilter:
    """Series match when, for every filter given, they carry one of its values."""

    values: dict[str, list[str]] = field(default_factory=dict)

    def resolve(self, vocabulary: Vocabulary) -> dict[FieldSpec, list[URIRef]]:
        mapping = register_mapping()
        out: dict[FieldSpec, list[URIRef]] = {}
        for name, given in self.values.items():
            if not given:
                continue
            if name not in FILTER_FIELDS:
                raise FilterError(f"onbekende filter {name!r}; geldig: {', '.join(FILTER_FIELDS)}")
            spec = mapping.field("serie", FILTER_FIELDS[name])
            choices = vocabulary.for_field(spec)
            assert choices is not None  # every filter field is a concept or actor field
            try:
                out[spec] = [parse_choice(choices, v, name) for v in given]
            except CellError as e:
                raise FilterError(f"filter {name}: {e}") from None
        return out


def series_matching(store: Store, constraints: dict[FieldSpec, list[URIRef]]) -> list[URIRef]:
    """Published series that satisfy every constraint, ordered by name."""
    where = [
        "?s mdto:aggregatieniveau <https://w3id.org/serieregister/id/begrip/aggregatieniveaus/serie> ; mdto:naam ?n ."
    ]
    for i, (spec, values) in enumerate(constraints.items()):
        where.append(f"VALUES ?f{i} {{ {' '.join(q_iri(str(v)) for v in values)} }} ?s {q_iri(str(spec.path))} ?f{i} .")
    rows = store.select(
        sparql_prefixes() + f"SELECT DISTINCT ?s ?n WHERE {{ {' '.join(where)} }} ORDER BY LCASE(STR(?n)) ?s",
        default_graphs=[str(GRAPH_PUBLISHED)],
    )
    seen: dict[URIRef, None] = {}
    for r in rows:
        seen.setdefault(URIRef(r["s"]), None)
    return list(seen)


def parts_of(store: Store, parents: Sequence[URIRef]) -> list[URIRef]:
    """The resources that are `isOnderdeelVan` one of these, ordered by name."""
    found: list[URIRef] = []
    for i in range(0, len(parents), _CHUNK):
        values = " ".join(q_iri(str(p)) for p in parents[i : i + _CHUNK])
        rows = store.select(
            sparql_prefixes()
            + f"SELECT DISTINCT ?s WHERE {{ VALUES ?parent {{ {values} }} ?s mdto:isOnderdeelVan ?parent ; "
            "mdto:naam ?n } ORDER BY LCASE(STR(?n)) ?s",
            default_graphs=[str(GRAPH_PUBLISHED)],
        )
        found += [URIRef(r["s"]) for r in rows]
    return found


def export_workbook(
    store: Store,
    series_filter: SeriesFilter | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    series_iris: Sequence[URIRef] | None = None,
) -> Workbook:
    """The series that match the filter (or exactly `series_iris`, e.g. a search's hits), with their parts."""
    layout = spreadsheet_layout()
    vocabulary = vocabulary_for(store, layout)
    if series_iris is None:
        series = series_matching(store, (series_filter or SeriesFilter()).resolve(vocabulary))
    else:
        series = list(series_iris)
    dossiers = parts_of(store, series)
    stukken = parts_of(store, dossiers)
    by_kind = {"serie": series, "dossier": dossiers, "stuk": stukken}
    total = sum(len(v) for v in by_kind.values())
    rows: dict[str, list[list[str]]] = {}
    done = 0
    for sheet in layout.sheets:
        iris = by_kind.get(sheet.kind, [])
        out = rows.setdefault(sheet.kind, [])
        for i in range(0, len(iris), _CHUNK):
            chunk = iris[i : i + _CHUNK]
            g = describe(store, chunk, [str(GRAPH_PUBLISHED)])
            out += [row_values(Resource.from_graph(g, iri, sheet.kind), sheet, vocabulary) for iri in chunk]
            done += len(chunk)
            if progress:
                progress(done, total, "exporteren")
    return build_workbook(layout, vocabulary, rows, validation_rows=max(layout.max_rows, total))


def row_values(resource: Resource, sheet: SheetLayout, vocabulary: Vocabulary) -> list[str]:
    separator = spreadsheet_layout().separator + " "
    out = []
    for column in sheet.columns:
        value = resource.get(column.key)
        items = value if column.spec.many else ([] if value is None else [value])
        out.append(separator.join(cell_text(column.spec, v, vocabulary) for v in items))
    return out


def cell_text(spec: FieldSpec, value: object, vocabulary: Vocabulary) -> str:
    """A value as the import reads it back: a list label, an identificatie, ja/nee, a lexical date."""
    if spec.type == "boolean":
        return "ja" if value else "nee"
    choices = vocabulary.for_field(spec)
    if choices is not None:
        return choices.display(URIRef(str(value)))
    if spec.type == "resource":
        local = local_part(str(value))
        return local.split("/", 1)[1] if local and "/" in local else str(value)
    return str(value)
