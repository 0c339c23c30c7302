"""Where a spreadsheet row becomes RDF: read the file, map each row through the model, check it, write once.

    report, data = import_spreadsheet(store, file_bytes, "series.xlsx", dry_run=True)

Every row is mapped to a `mdto.model` resource (`Resource.new` / `.set`, which raise `ValueProblem` for a value
that does not fit), checked (required fields, references, duplicate identifiers, the SHACL shapes of
`mdto.spreadsheet.checks`), and compared with what the store holds under the same identifier: `nieuw`,
`gewijzigd`, `ongewijzigd` or `geweigerd`. With an importer (a `Principal`), every row that would write is
authorised as the write side authorises it (`mdto.spreadsheet.permissions`); a dry run without one checks
everything but the rights.

A real import writes through the write side (`mdto.writeside.bulk`): new series become drafts, a changed
published series gets a new draft version (what is published stays until that draft is published), a changed
draft is edited, dossiers and stukken go to their series' records graph; every change is audited. It is all or
nothing: when any row is refused nothing is written, and otherwise everything goes to the store in one guarded
update.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import URIRef

from mdto.auth.directory import Principal
from mdto.auth.policy import Action, State
from mdto.mapping import FieldSpec, register_mapping
from mdto.model import RESOURCE_CLASSES
from mdto.refdata import public_graphs
from mdto.spreadsheet.cells import CellError, CellValue, is_empty, parse_cell, parse_identifier, text_of
from mdto.spreadsheet.checks import column_for, shape_problems
from mdto.spreadsheet.layout import Layout, spreadsheet_layout
from mdto.spreadsheet.merge import merged_description, merged_resource, stored_resource, unchanged
from mdto.spreadsheet.pending import Pending
from mdto.spreadsheet.permissions import Authoriser, OrganisationProblem, chosen_organisation
from mdto.spreadsheet.reader import FileData, FileProblem, Formula, Row, SheetData, read_upload
from mdto.spreadsheet.report import GEWEIGERD, GEWIJZIGD, NIEUW, ONGEWIJZIGD, ImportReport, Problem, RowResult
from mdto.spreadsheet.targets import context_graphs, locate, read_stored
from mdto.spreadsheet.vocabulary import Vocabulary
from mdto.store import Store
from mdto.terms import iri as q_iri
from mdto.writeside import bulk
from mdto.writeside.dossiers import field_changes
from mdto.writeside.forms import description_of
from mdto.writeside.records import StaleRevision
from mdto.writeside.service import stamp_now

Progress = Callable[[int, int, str], None]  # (done, total, phase)
_CHUNK = 500


def import_spreadsheet(
    store: Store,
    data: bytes,
    filename: str | None,
    *,
    dry_run: bool,
    principal: Principal | None = None,
    organisation: str | None = None,
    max_rows: int | None = None,
    progress: Progress | None = None,
) -> tuple[ImportReport, FileData | None]:
    """Check (and unless `dry_run`, store) every row of an .xlsx or .csv file; see the module docstring.

    `principal` is who imports (required for a real import); `organisation` the slug of the organisation that
    will hold new series, when the rows do not make that clear."""
    if principal is None and not dry_run:
        raise ValueError("a real import needs the principal who imports")
    layout = spreadsheet_layout()
    report = ImportReport(dry_run=dry_run)
    try:
        chosen = chosen_organisation(store, principal, organisation) if principal else None
        file_data = read_upload(data, filename, layout, max_rows)
    except (FileProblem, OrganisationProblem) as e:
        report.file_problems.append(Problem(str(e)))
        report.file_status = e.status
        return report, None
    report.notes += file_data.notes
    report.notes += [
        f"blad {s.name}: onbekende kolom '{h}' genegeerd" for s in file_data.sheets for h in s.ignored_headers
    ]
    vocabulary = vocabulary_for(store, layout)
    total = file_data.row_count
    pending: list[Pending] = []
    for sheet in file_data.sheets:
        for row in sheet.rows:
            pending.append(_build(sheet, row, vocabulary, layout.separator))
            if progress:
                progress(len(pending), total, "rijen lezen")
    _check_duplicates(pending)
    locate(store, pending)
    _check_references(store, pending)
    _compare_with_store(store, pending, progress)
    if principal is not None:
        Authoriser(store, principal, chosen).check(pending)
    else:
        report.notes.append("rechten niet gecontroleerd: deze proefimport werd zonder token gedaan")
    report.notes += _check_shapes(store, pending, progress)
    for p in pending:
        if p.result.problems:
            p.result.status = GEWEIGERD
        elif p.result.status in (NIEUW, GEWIJZIGD):
            p.result.action = _action(p)
        report.rows.append(p.result)
    if report.ok and not dry_run:
        assert principal is not None
        report.written = _write(store, principal, [p for p in pending if p.result.action], filename)
    return report, file_data


def vocabulary_for(store: Store, layout: Layout) -> Vocabulary:
    schemes = sorted({c.spec.scheme for s in layout.sheets for c in s.columns if c.spec.scheme})
    return Vocabulary.load(store, schemes)


# -------------------------------------------------------------------------------------------------- one row


def _build(sheet: SheetData, row: Row, vocabulary: Vocabulary, separator: str) -> Pending:
    layout = sheet.layout
    result = RowResult(sheet.name, row.number, layout.kind, None, NIEUW)
    pending = Pending(result, sheet)

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


def _check_duplicates(pending: list[Pending]) -> None:
    seen: dict[tuple[str, str], RowResult] = {}
    for p in pending:
        r = p.result
        if r.identifier is None:
            continue
        first = seen.setdefault((r.kind, r.identifier), r)
        if first is not r:
            p.refuse(
                f"de identificatie '{r.identifier}' staat al op rij {first.row}; elke rij heeft een eigen identificatie"
            )
            p.resource = None


def _check_references(store: Store, pending: list[Pending]) -> None:
    """A reference (Is onderdeel van, Afgeleid van) must name a resource in the file or in the register: public,
    or in the drafts and records graphs of the series the rows belong to."""
    in_file = {p.resource.iri for p in pending if p.resource is not None}
    wanted: dict[URIRef, list[tuple[Pending, FieldSpec]]] = {}
    for p in pending:
        if p.resource is None:
            continue
        for spec in p.resource.fields():
            if spec.type == "resource":
                values = p.resource.get(spec.key)
                for v in values if spec.many else [values]:
                    if v is not None and URIRef(v) not in in_file:
                        wanted.setdefault(URIRef(v), []).append((p, spec))
    known = existing_subjects(store, list(wanted), [*public_graphs(), *context_graphs(pending)])
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


def _compare_with_store(store: Store, pending: list[Pending], progress: Progress | None) -> None:
    ready = [p for p in pending if p.resource is not None and not p.result.problems]
    for i in range(0, len(ready), _CHUNK):
        chunk = ready[i : i + _CHUNK]
        stored = read_stored(store, chunk)
        for p in chunk:
            iri, governed = p.resource.iri, p.sheet.column_letters.keys()
            old = stored_resource(p.kind, iri, stored)
            if old is None:
                p.result.status = NIEUW
                if p.kind != "serie" and p.revision is not None:
                    p.refuse(f"de identificatie '{p.result.identifier}' is al in gebruik in een andere serie")
            elif unchanged(p.resource, old, governed):
                p.result.status = ONGEWIJZIGD
            else:
                merged = merged_resource(p.resource, old, governed)
                p.stored = description_of(stored, iri)
                p.description = merged_description(merged, stored)
                p.result.status = GEWIJZIGD
        if progress:
            progress(min(i + _CHUNK, len(ready)), len(ready), "vergelijken")


def _check_shapes(store: Store, pending: list[Pending], progress: Progress | None) -> list[str]:
    """SHACL (profile register) on every row that would write; violations refuse the row, the rest are notes."""
    writing = [p for p in pending if p.result.status in (NIEUW, GEWIJZIGD) and not p.result.problems]
    for p in writing:
        if p.description is None:
            p.description = p.resource.to_graph()
    by_iri = {p.resource.iri: p for p in writing}
    notes = []
    descriptions = [(p.resource.iri, p.description) for p in writing]
    for found in shape_problems(store, descriptions, context_graphs(writing), progress):
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


def _action(p: Pending) -> str:
    """The write-side action a writing row becomes (its audit activity's sr:actie)."""
    if p.kind != "serie":
        return f"{'create' if p.result.status == NIEUW else 'edit'}-{p.kind}"
    if p.record is None:
        return Action.CREATE.value
    return Action.NEW_VERSION.value if p.record.state == State.PUBLISHED else Action.EDIT.value


def _write(store: Store, principal: Principal, writing: list[Pending], filename: str | None) -> bool:
    """Every change of the file as the write side makes it, in one all-or-nothing update (bulk.Batch)."""
    if not writing:
        return False
    batch = bulk.Batch()
    stamp = stamp_now()
    new_series_orgs = {p.series: p.organisation.slug for p in writing if p.is_new_series and p.organisation}
    for p in writing:
        remark = f"spreadsheetimport {filename or 'zonder naam'}, blad {p.result.sheet}, rij {p.result.row}"
        if p.kind == "serie" and p.record is None:
            assert p.organisation is not None
            bulk.create_series(batch, principal, p.organisation, p.series, p.description, stamp, remark)
        elif p.kind == "serie":
            bulk.edit_series(batch, store, principal, p.record, p.stored, p.description, stamp, remark)
        else:
            org = p.record.org if p.record else new_series_orgs.get(p.series)
            changes = field_changes(p.stored, p.description, p.resource.iri, p.kind)
            bulk.write_record_resource(batch, principal, p.series, org, p.kind, p.resource.iri, p.revision,
                                       p.description, changes, stamp, remark)  # fmt: skip
    try:
        batch.commit(store)
    except StaleRevision as e:
        raise ImportConflict(
            f"de serie '{e}' werd gewijzigd terwijl de import liep; er werd niets opgeslagen, probeer opnieuw"
        ) from None
    return True


class ImportConflict(RuntimeError):
    """Someone changed a series the import writes between reading and writing; nothing was written (409)."""


def _short(iri: URIRef) -> str:
    return str(iri).rsplit("/", 1)[-1] if str(iri).startswith("https://w3id.org/serieregister/id/") else str(iri)
