"""Where a spreadsheet row becomes RDF: read the file, map each row through the model, check it, write once.

    report, data = import_spreadsheet(store, file_bytes, "series.xlsx", dry_run=True)

Every row is mapped to a `mdto.model` resource (`Resource.new` / `.set`, which raise `ValueProblem` for a value
that does not fit), checked (required fields, references, duplicate identifiers, the SHACL shapes of
`mdto.spreadsheet.checks`), and compared with what the store holds under the same identifier: `nieuw`,
`gewijzigd`, `ongewijzigd` or `geweigerd`. A real import is all or nothing: when any row is refused nothing is
written, otherwise every new and changed description goes into `graph:published` in one SPARQL update (a changed
row replaces its resource's description in place; drafts and versions come with the write-side workflow).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, URIRef

from mdto.mapping import FieldSpec, register_mapping
from mdto.model import RESOURCE_CLASSES, Resource
from mdto.namespaces import GRAPH_PUBLISHED, MDTO, sparql_prefixes
from mdto.refdata import public_graphs
from mdto.repository import describe
from mdto.spreadsheet.cells import CellError, CellValue, is_empty, parse_cell, parse_identifier, text_of
from mdto.spreadsheet.checks import column_for, shape_problems
from mdto.spreadsheet.layout import Layout, spreadsheet_layout
from mdto.spreadsheet.merge import merged_description, merged_resource, stored_resource, unchanged
from mdto.spreadsheet.reader import FileData, FileProblem, Formula, Row, SheetData, read_upload
from mdto.spreadsheet.report import GEWEIGERD, GEWIJZIGD, NIEUW, ONGEWIJZIGD, ImportReport, Problem, RowResult
from mdto.spreadsheet.vocabulary import Vocabulary
from mdto.store import Store
from mdto.terms import iri as q_iri
from mdto.terms import to_ox

Progress = Callable[[int, int, str], None]  # (done, total, phase)
_CHUNK = 500


@dataclass
class _Pending:
    """A row on its way: its result, its resource, and the description that would be stored."""

    result: RowResult
    sheet: SheetData
    resource: Resource | None = None
    description: Graph | None = None  # what would be stored: the row, merged into the stored description
    previous_parents: frozenset = frozenset()


def import_spreadsheet(
    store: Store,
    data: bytes,
    filename: str | None,
    *,
    dry_run: bool,
    max_rows: int | None = None,
    progress: Progress | None = None,
) -> tuple[ImportReport, FileData | None]:
    """Check (and unless `dry_run`, store) every row of an .xlsx or .csv file; see the module docstring."""
    layout = spreadsheet_layout()
    report = ImportReport(dry_run=dry_run)
    try:
        file_data = read_upload(data, filename, layout, max_rows)
    except FileProblem as e:
        report.file_problems.append(Problem(str(e)))
        report.file_status = e.status
        return report, None
    report.notes += file_data.notes
    report.notes += [
        f"blad {s.name}: onbekende kolom '{h}' genegeerd" for s in file_data.sheets for h in s.ignored_headers
    ]
    vocabulary = vocabulary_for(store, layout)
    total = file_data.row_count
    pending: list[_Pending] = []
    for sheet in file_data.sheets:
        for row in sheet.rows:
            pending.append(_build(sheet, row, vocabulary, layout.separator))
            if progress:
                progress(len(pending), total, "rijen lezen")
    _check_duplicates(pending)
    _check_references(store, pending)
    _compare_with_store(store, pending, progress)
    report.notes += _check_shapes(store, pending, progress)
    for p in pending:
        if p.result.problems:
            p.result.status = GEWEIGERD
        report.rows.append(p.result)
    if report.ok and not dry_run:
        changes = [p for p in pending if p.result.status in (NIEUW, GEWIJZIGD)]
        report.written = _write(store, changes)
        report.written_iris = [str(p.resource.iri) for p in changes]
    return report, file_data


def vocabulary_for(store: Store, layout: Layout) -> Vocabulary:
    schemes = sorted({c.spec.scheme for s in layout.sheets for c in s.columns if c.spec.scheme})
    return Vocabulary.load(store, schemes)


# -------------------------------------------------------------------------------------------------- one row


def _build(sheet: SheetData, row: Row, vocabulary: Vocabulary, separator: str) -> _Pending:
    layout = sheet.layout
    result = RowResult(sheet.name, row.number, layout.kind, None, NIEUW)
    pending = _Pending(result, sheet)

    def problem(key: str, message: str) -> None:
        result.problems.append(Problem(message, sheet.name, row.number, layout.column(key).header, key))

    raw_id = row.cells.get(layout.identifier)
    if isinstance(raw_id, Formula) or is_empty(raw_id):
        problem(layout.identifier, _formula_message(raw_id) if isinstance(raw_id, Formula) else "is verplicht")
        return pending
    try:
        slug = parse_identifier(raw_id)
    except CellError as e:
        problem(layout.identifier, str(e))
        return pending
    result.identifier = slug
    resource = RESOURCE_CLASSES[layout.kind].new(slug)
    for key, value in row.cells.items():
        if key == layout.identifier:
            continue
        spec = layout.column(key).spec
        if isinstance(value, Formula):
            problem(key, _formula_message(value))
            continue
        if is_empty(value):
            continue
        items = _split(value, spec, separator)
        parsed = []
        for item in items:
            try:
                parsed.append(parse_cell(spec, item, vocabulary.for_field(spec), _reference_kind(spec, layout.kind)))
            except CellError as e:
                problem(key, str(e))
        if len(parsed) != len(items):
            continue
        try:
            resource.set(key, parsed if spec.many else parsed[0])
        except ValueError as e:
            problem(key, _model_message(e, value))
    pending.resource = resource
    return pending


def _split(value: CellValue, spec: FieldSpec, separator: str) -> list[CellValue]:
    if spec.many and isinstance(value, str):
        return [v.strip() for v in value.split(separator) if v.strip()]
    return [value]


def _reference_kind(spec: FieldSpec, kind: str) -> str | None:
    if spec.type != "resource":
        return None
    return spec.target or register_mapping().kinds[kind].parent


def _formula_message(value: Formula) -> str:
    return (
        f"bevat een formule ({value.text}) in plaats van een waarde; typ de waarde in, of kopieer de cel en plak "
        "ze als waarde"
    )


def _model_message(e: ValueError, value: CellValue) -> str:
    expected = getattr(e, "expected", None)
    return f"'{text_of(value)}' is ongeldig: verwacht {expected}" if expected else f"'{text_of(value)}': {e}"


# -------------------------------------------------------------------------------------------------- all rows


def _check_duplicates(pending: list[_Pending]) -> None:
    seen: dict[tuple[str, str], RowResult] = {}
    for p in pending:
        r = p.result
        if r.identifier is None:
            continue
        first = seen.setdefault((r.kind, r.identifier), r)
        if first is not r:
            layout = p.sheet.layout
            r.problems.append(
                Problem(
                    f"de identificatie '{r.identifier}' staat al op rij {first.row}; elke rij heeft een eigen "
                    "identificatie",
                    r.sheet,
                    r.row,
                    layout.column(layout.identifier).header,
                    layout.identifier,
                )
            )
            p.resource = None


def _check_references(store: Store, pending: list[_Pending]) -> None:
    """A reference (Is onderdeel van, Afgeleid van) must name a resource in the file or in the register."""
    in_file = {p.resource.iri for p in pending if p.resource is not None}
    wanted: dict[URIRef, list[tuple[_Pending, FieldSpec]]] = {}
    for p in pending:
        if p.resource is None:
            continue
        for spec in p.resource.fields():
            if spec.type == "resource":
                values = p.resource.get(spec.key)
                for v in values if spec.many else [values]:
                    if v is not None and URIRef(v) not in in_file:
                        wanted.setdefault(URIRef(v), []).append((p, spec))
    known = existing_subjects(store, list(wanted), public_graphs())
    for target, uses in wanted.items():
        if target in known:
            continue
        for p, spec in uses:
            p.result.problems.append(
                Problem(
                    f"'{_short(target)}' is niet gekend: niet in het register en niet in dit bestand",
                    p.result.sheet,
                    p.result.row,
                    spec.label_nl,
                    spec.key,
                )
            )


def existing_subjects(store: Store, iris: list[URIRef], graphs: list[str]) -> set[URIRef]:
    found: set[URIRef] = set()
    for i in range(0, len(iris), _CHUNK):
        values = " ".join(q_iri(str(x)) for x in iris[i : i + _CHUNK])
        rows = store.select(f"SELECT DISTINCT ?s WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o }}", default_graphs=graphs)
        found |= {URIRef(r["s"]) for r in rows}
    return found


def _compare_with_store(store: Store, pending: list[_Pending], progress: Progress | None) -> None:
    ready = [p for p in pending if p.resource is not None and not p.result.problems]
    for i in range(0, len(ready), _CHUNK):
        chunk = ready[i : i + _CHUNK]
        stored = describe(store, [p.resource.iri for p in chunk], [str(GRAPH_PUBLISHED)])
        for p in chunk:
            iri, governed = p.resource.iri, p.sheet.column_letters.keys()
            old = stored_resource(p.result.kind, iri, stored)
            if old is None:
                p.result.status = NIEUW
            elif unchanged(p.resource, old, governed):
                p.result.status = ONGEWIJZIGD
            else:
                merged = merged_resource(p.resource, old, governed)
                p.description = merged_description(merged, stored)
                p.previous_parents = frozenset(stored.objects(iri, MDTO.isOnderdeelVan))
                p.result.status = GEWIJZIGD
        if progress:
            progress(min(i + _CHUNK, len(ready)), len(ready), "vergelijken")


def _check_shapes(store: Store, pending: list[_Pending], progress: Progress | None) -> list[str]:
    """SHACL (profile register) on every row that would write; violations refuse the row, the rest are notes."""
    writing = [p for p in pending if p.result.status in (NIEUW, GEWIJZIGD) and not p.result.problems]
    for p in writing:
        if p.description is None:
            p.description = p.resource.to_graph()
    by_iri = {p.resource.iri: p for p in writing}
    notes = []
    for found in shape_problems(store, [(p.resource.iri, p.description) for p in writing], progress):
        p = by_iri.get(found.resource)
        if p is None:
            continue
        column = column_for(found, p.sheet.layout.columns)
        header, key = (column.header, column.key) if column else (found.field, None)
        message = found.message.removeprefix(f"{header}: ")
        problem = Problem(message, p.result.sheet, p.result.row, header, key)
        if found.severity == "Violation":
            if problem.text() not in {q.text() for q in p.result.problems}:
                p.result.problems.append(problem)
        else:
            notes.append(f"{problem.text()} ({found.severity.lower()})")
    return notes


def _write(store: Store, changes: list[_Pending]) -> bool:
    """One store write for the whole file: replace changed descriptions, add new ones, keep parts' inverses."""
    if not changes:
        return False
    graph = ox.NamedNode(str(GRAPH_PUBLISHED))
    quads: list[ox.Quad] = []
    stale_parents: list[tuple[URIRef, URIRef]] = []
    for c in changes:
        iri = c.resource.iri
        quads += [ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph) for s, p, o in c.description]
        parents = set(c.description.objects(iri, MDTO.isOnderdeelVan))
        quads += [ox.Quad(to_ox(parent), to_ox(MDTO.bevatOnderdeel), to_ox(iri), graph) for parent in parents]
        stale_parents += [(old, iri) for old in c.previous_parents - parents]
    replaced = [c.resource.iri for c in changes if c.result.status == GEWIJZIGD]
    if not replaced:
        store.insert(quads)
        return True
    store.update(_replace_update(replaced, stale_parents, quads))
    return True


_DELETE_DESCRIPTIONS = """
DELETE { GRAPH %(g)s { ?s ?p ?o . ?o ?p2 ?o2 . ?o2 ?p3 ?o3 . ?o3 ?p4 ?o4 } }
WHERE { GRAPH %(g)s {
  VALUES ?s { %(values)s }
  ?s ?p ?o .
  OPTIONAL { FILTER(isBlank(?o)) ?o ?p2 ?o2 .
    OPTIONAL { FILTER(isBlank(?o2)) ?o2 ?p3 ?o3 .
      OPTIONAL { FILTER(isBlank(?o3)) ?o3 ?p4 ?o4 } } }
} }"""


def _replace_update(replaced: list[URIRef], stale_parents: list[tuple[URIRef, URIRef]], quads: list) -> str:
    g = q_iri(str(GRAPH_PUBLISHED))
    parts = [_DELETE_DESCRIPTIONS % {"g": g, "values": " ".join(q_iri(str(i)) for i in replaced)}]
    if stale_parents:
        triples = " ".join(
            f"{q_iri(str(p))} {q_iri(str(MDTO.bevatOnderdeel))} {q_iri(str(c))} ." for p, c in stale_parents
        )
        parts.append(f"DELETE DATA {{ GRAPH {g} {{ {triples} }} }}")
    body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    parts.append(f"INSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}")
    return sparql_prefixes() + " ;\n".join(parts)


def _short(iri: URIRef) -> str:
    return str(iri).rsplit("/", 1)[-1] if str(iri).startswith("https://w3id.org/serieregister/id/") else str(iri)
