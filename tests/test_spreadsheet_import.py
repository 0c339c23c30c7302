"""Spreadsheet import: rows to RDF, dry runs, idempotent re-imports, round trips, and every kind of bad input.

Workbooks are real .xlsx files built with openpyxl; the marked report workbook is read back.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator

import pytest
from openpyxl import Workbook
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from mdto.auth.directory import Principal, add_organisation, add_user, operator_principal, principal_for_token
from mdto.auth.policy import Action, Role, State
from mdto.namespaces import (
    GRAPH_PROV,
    GRAPH_PUBLISHED,
    GRAPH_SYSTEM,
    MDTO,
    SR,
    concept_iri,
    draft_graph,
    resource_iri,
    version_graph,
)
from mdto.refdata import load_demo, load_reference
from mdto.spreadsheet.export import SeriesFilter, export_workbook
from mdto.spreadsheet.importer import ImportConflict, import_spreadsheet
from mdto.spreadsheet.report import ERROR_FILL, REPORT_SHEET, marked_workbook
from mdto.spreadsheet.workbook import workbook_bytes
from mdto.store import EmbeddedStore, Store
from mdto.writeside import bulk
from mdto.writeside.audit import trail
from mdto.writeside.dossiers import records_graph
from mdto.writeside.records import StaleRevision, read_record, revision_of
from mdto.writeside.service import WORKFLOW_PROPS, replace, stamp_now, transition, working_copy
from tests.spreadsheets import cell_of, csv_bytes, open_workbook, save, valid_series, workbook


@pytest.fixture
def register() -> Iterator[Store]:
    """A fresh in-memory register with reference and demo data and the tenant Stad Leuven, for tests that write."""
    s = EmbeddedStore(None)
    load_reference(s)
    load_demo(s)
    add_organisation(s, "stad-leuven", "Stad Leuven", shortened_flow=True)
    yield s
    s.close()


def snapshot(store: Store) -> set[tuple[str, ...]]:
    """Every quad of the store, with blank nodes reduced to a marker (their ids change on every write)."""
    rows = store.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {tuple("_" if isinstance(r[k], BNode) else str(r[k]) for k in ("g", "s", "p", "o")) for r in rows}


def in_graph(snap: set[tuple[str, ...]], graph: URIRef) -> set[tuple[str, ...]]:
    return {t[1:] for t in snap if t[0] == str(graph)}


def value(store: Store, s: URIRef, path: str, graph: URIRef | None = None) -> list[str]:
    """Values of `s` in `graph`: by default the draft of a series, else graph:published."""
    if graph is None:
        slug = str(s).rsplit("/", 1)[-1]
        graph = draft_graph(slug) if "/serie/" in str(s) else GRAPH_PUBLISHED
    rows = store.select(
        f"PREFIX mdto: <{MDTO}> PREFIX sr: <{SR}> SELECT ?o WHERE {{ GRAPH <{graph}> {{ <{s}> {path} ?o }} }}"
    )
    return sorted(str(r["o"]) for r in rows)


def run(store: Store, data: bytes, name: str = "import.xlsx", dry_run: bool = False, principal=None, **kw):
    """Import as `principal`; by default as the command line does (informatiebeheerder of every organisation)."""
    principal = principal or operator_principal(store)
    return import_spreadsheet(store, data, name, dry_run=dry_run, principal=principal, **kw)


def user(store: Store, name: str, role: Role, org: str = "stad-leuven") -> Principal:
    _, token = add_user(store, name, org, role)
    found = principal_for_token(store, token)
    assert found is not None
    return found


# ------------------------------------------------------------------------------------------ import and dry run


def test_new_series_become_drafts_of_their_organisation(register: Store) -> None:
    data = workbook({"serie": [valid_series("import-a"), valid_series("import-b", **{"Bewaartermijn": "P6M"})]})
    published = in_graph(snapshot(register), GRAPH_PUBLISHED)
    report, _ = run(register, data)
    assert report.ok and report.written
    assert report.counts == {"nieuw": 2, "gewijzigd": 0, "ongewijzigd": 0, "geweigerd": 0}
    assert [r.action for r in report.rows] == ["create", "create"]
    assert "concept" in report.summary()
    a = resource_iri("serie", "import-a")
    assert value(register, a, "mdto:naam") == ["Testreeks import-a"]
    assert value(register, a, "mdto:waardering") == [str(concept_iri("waarderingen", "v"))]
    assert value(register, a, "mdto:bewaartermijn/mdto:termijnLooptijd") == ["P10Y"]
    assert value(register, a, "mdto:dekkingInTijd/mdto:dekkingInTijdBeginDatum") == ["2019-12-31"]
    assert value(register, a, "mdto:trefwoord") == ["import", "test"]
    assert value(register, a, "sr:bevatPersoonsgegevens") == ["false"]
    assert value(register, a, "mdto:archiefvormer") == [str(resource_iri("actor", "stad-leuven"))]
    assert value(register, resource_iri("serie", "import-b"), "mdto:bewaartermijn/mdto:termijnLooptijd") == ["P6M"]
    rec = read_record(register, "import-a")
    assert rec is not None and (rec.state, rec.org, rec.version) == (State.DRAFT, "stad-leuven", 0)
    assert in_graph(snapshot(register), GRAPH_PUBLISHED) == published  # nothing is published by an import
    (activity,) = trail(register, a)
    assert activity["action"] == "create" and activity["agent_name"].endswith("(opdrachtregel)")
    assert activity["remarks"] == "spreadsheetimport import.xlsx, blad Series, rij 2"
    assert {c["field"] for c in activity["changes"]} >= {"naam", "bewaartermijn"}


def test_dry_run_writes_nothing(register: Store) -> None:
    before = snapshot(register)
    report, _ = run(register, workbook({"serie": [valid_series("droog")]}), dry_run=True)
    assert report.ok and not report.written
    assert report.counts["nieuw"] == 1 and report.rows[0].action == "create"
    assert "proefimport" in report.summary()
    assert snapshot(register) == before


def test_a_dry_run_without_a_principal_checks_everything_but_the_rights(register: Store) -> None:
    report, _ = import_spreadsheet(register, workbook({"serie": [valid_series("anoniem")]}), "a.xlsx", dry_run=True)
    assert report.ok and report.counts["nieuw"] == 1
    assert any("rechten niet gecontroleerd" in n for n in report.notes)
    with pytest.raises(ValueError):
        import_spreadsheet(register, workbook({"serie": [valid_series("anoniem")]}), "a.xlsx", dry_run=False)


def test_reimport_changes_nothing(register: Store) -> None:
    data = workbook({"serie": [valid_series("twee-keer"), valid_series("nog-een")]})
    run(register, data)
    before = snapshot(register)
    report, _ = run(register, data)
    assert report.counts == {"nieuw": 0, "gewijzigd": 0, "ongewijzigd": 2, "geweigerd": 0}
    assert not report.written
    assert snapshot(register) == before  # not even an audit record


def test_a_changed_row_edits_the_draft_of_only_that_series(register: Store) -> None:
    run(register, workbook({"serie": [valid_series("blijft"), valid_series("wijzigt")]}))
    before = snapshot(register)
    changed = valid_series("wijzigt", **{"Bewaartermijn": "20", "Trefwoord": "ander"})
    report, _ = run(register, workbook({"serie": [valid_series("blijft"), changed]}))
    assert report.counts == {"nieuw": 0, "gewijzigd": 1, "ongewijzigd": 1, "geweigerd": 0}
    assert [r.action for r in report.rows] == [None, "edit"]
    after = snapshot(register)
    iri = str(resource_iri("serie", "wijzigt"))
    draft = draft_graph("wijzigt")
    assert {t for t in in_graph(before, draft) ^ in_graph(after, draft) if t[0] != "_"} == {
        (iri, str(MDTO.trefwoord), "test"),
        (iri, str(MDTO.trefwoord), "import"),
        (iri, str(MDTO.trefwoord), "ander"),
    }
    assert in_graph(before, draft_graph("blijft")) == in_graph(after, draft_graph("blijft"))
    assert value(register, URIRef(iri), "mdto:bewaartermijn/mdto:termijnLooptijd") == ["P20Y"]
    assert len(value(register, URIRef(iri), "mdto:bewaartermijn")) == 1
    edit = trail(register, URIRef(iri))[-1]
    assert edit["action"] == "edit"
    assert {c["field"] for c in edit["changes"]} == {"trefwoord", "bewaartermijn"}


def test_a_changed_published_series_becomes_a_new_draft_version(register: Store) -> None:
    """The published description stays until the new version is published through the workflow."""
    slug = "leuven-klachtendossiers"
    iri = resource_iri("serie", slug)
    wb = open_workbook(workbook_bytes(export_workbook(register, SeriesFilter({"beheerder": ["Stad Leuven"]}))))
    ids = [c.value for c in wb["Series"]["A"][1:]]
    cell_of(wb, "Series", ids.index(slug) + 2, "Bewaartermijn").value = "P4Y"
    before = snapshot(register)
    report, _ = run(register, save(wb))
    assert report.ok and report.counts["gewijzigd"] == 1, report.to_text()
    assert [r.action for r in report.rows if r.action] == ["new-version"]
    after = snapshot(register)
    assert in_graph(after, GRAPH_PUBLISHED) == in_graph(before, GRAPH_PUBLISHED)
    assert value(register, iri, "mdto:bewaartermijn/mdto:termijnLooptijd") == ["P4Y"]
    assert value(register, iri, "mdto:bewaartermijn/mdto:termijnLooptijd", GRAPH_PUBLISHED) == ["P5Y"]
    # the description published before the workflow is kept as version 1
    assert value(register, iri, "mdto:naam", version_graph(slug, 1)) == value(
        register, iri, "mdto:naam", GRAPH_PUBLISHED
    )
    rec = read_record(register, slug)
    assert rec is not None and (rec.state, rec.version, rec.org) == (State.DRAFT, 1, "stad-leuven")
    assert run(register, save(wb))[0].counts["gewijzigd"] == 0  # compared with the draft now
    # publishing the draft (the shortened flow of Stad Leuven) puts the change in graph:published as version 2
    manager = user(register, "An Peeters", Role.INFORMATIEBEHEERDER)
    transition(register, manager, slug, Action.PUBLISH, read_record(register, slug).etag)
    assert value(register, iri, "mdto:bewaartermijn/mdto:termijnLooptijd", GRAPH_PUBLISHED) == ["P4Y"]
    assert value(register, iri, "sr:versienummer", GRAPH_PUBLISHED) == ["2"]
    assert value(register, iri, "mdto:isOnderdeelVan", GRAPH_PUBLISHED) == [str(resource_iri("archief", "stad-leuven"))]


def test_dossiers_and_stukken_go_to_the_records_of_their_series(register: Store) -> None:
    data = workbook(
        {
            "serie": [valid_series("met-dossiers")],
            "dossier": [
                {
                    "Identificatie": "dossier-1",
                    "Naam": "Eerste dossier",
                    "Is onderdeel van": "met-dossiers",
                    "Beschrijving": "Een dossier.",
                    "Archiefvormer": "Stad Leuven",
                    "Proces": "1.1.1",
                    "Openingsdatum": dt.datetime(2020, 3, 1),
                    "Bestemming": "Tijdelijk te bewaren",
                    "Openbaarheid": "Openbaar",
                    "Beperking gebruik": "Geen beperking",
                }
            ],
            "stuk": [
                {
                    "Identificatie": "stuk-1",
                    "Naam": "Aanvraag",
                    "Is onderdeel van": "dossier-1",
                    "Beschrijving": "Het aanvraagformulier.",
                    "Archiefvormer": "Stad Leuven",
                    "Datum opmaak": "01-03-2020",
                    "Taal": "nl",
                    "Bestemming": "V",
                    "Beperking gebruik": "Geen beperking",
                }
            ],
        }
    )
    report, _ = run(register, data)
    assert report.ok, report.to_text()
    assert [r.action for r in report.rows] == ["create", "create-dossier", "create-stuk"]
    dossier, stuk = resource_iri("dossier", "dossier-1"), resource_iri("stuk", "stuk-1")
    records = records_graph("met-dossiers")
    assert value(register, dossier, "mdto:isOnderdeelVan", records) == [str(resource_iri("serie", "met-dossiers"))]
    assert value(register, dossier, "mdto:event/mdto:eventTijd", records) == ["2020-03-01"]
    assert value(register, stuk, "mdto:event/mdto:eventTijd", records) == ["2020-03-01"]
    assert value(register, dossier, "mdto:naam", GRAPH_PUBLISHED) == []  # records are not public
    assert revision_of(register, dossier) and revision_of(register, stuk)
    assert run(register, data)[0].counts["ongewijzigd"] == 3
    changed = open_workbook(data)
    cell_of(changed, "Dossiers", 2, "Naam").value = "Eerste dossier (herzien)"
    report, _ = run(register, save(changed))
    assert [r.action for r in report.rows if r.action] == ["edit-dossier"]
    assert value(register, dossier, "mdto:naam", records) == ["Eerste dossier (herzien)"]


def test_a_row_without_a_published_field_is_refused_for_submission(register: Store) -> None:
    report, _ = run(register, workbook({"serie": [valid_series("zonder-proces", Proces=None)]}))
    assert not report.ok
    assert [p.text() for p in report.problems] == [
        "blad Series, rij 2, kolom Proces: verplicht vóór indienen en publiceren; kies een begrip uit de lijst "
        "Processen."
    ]


def test_rows_are_validated_with_the_register_shapes(register: Store) -> None:
    """A rule across fields (appraisal V needs a motivation) comes from shapes/register.ttl via mdto.validation."""
    before = snapshot(register)
    report, _ = run(register, workbook({"serie": [valid_series("shacl", **{"Motivering bewaartermijn": None})]}))
    (problem,) = report.problems
    assert (problem.row, problem.column, problem.key) == (2, "Motivering bewaartermijn", "motivering")
    # pyshacl fills in {?path} of a SPARQL constraint's message without its language tag, so the Dutch or the
    # English text may come back; both name the rule
    assert "bestemming V" in problem.message or "appraisal is V" in problem.message
    assert snapshot(register) == before


# ------------------------------------------------------------------------------------------ who may


def test_roles_decide_what_an_import_may_write(register: Store) -> None:
    """A seriebeheerder may create and version series; a medewerker may not; nothing is written on a refusal."""
    data = workbook({"serie": [valid_series("door-seriebeheerder")]})
    worker = user(register, "Mo Medewerker", Role.MEDEWERKER)
    before = snapshot(register)
    report, _ = run(register, data, principal=worker)
    assert [p.message for p in report.problems] == ["uw rollen laten niet toe series aan te maken"]
    assert snapshot(register) == before
    report, _ = run(register, data, principal=user(register, "Sam Seriebeheerder", Role.SERIEBEHEERDER))
    assert report.written and read_record(register, "door-seriebeheerder").org == "stad-leuven"


def test_series_of_another_organisation_or_under_review_are_refused(register: Store) -> None:
    add_organisation(register, "gemeente-machelen", "Gemeente Machelen")
    manager = user(register, "An Peeters", Role.INFORMATIEBEHEERDER)
    wb = open_workbook(workbook_bytes(export_workbook(register, SeriesFilter({"beheerder": ["Gemeente Machelen"]}))))
    cell_of(wb, "Series", 2, "Naam").value = "Overgenomen"
    before = snapshot(register)
    report, _ = run(register, save(wb), principal=manager)
    (problem,) = report.problems
    assert "hoort bij een andere organisatie" in problem.message and problem.column == "Identificatie"
    assert snapshot(register) == before
    # a series that was submitted waits for review: an import does not change it underneath the reviewer
    run(register, workbook({"serie": [valid_series("in-review")]}), principal=manager)
    transition(register, manager, "in-review", Action.SUBMIT, read_record(register, "in-review").etag)
    report, _ = run(register, workbook({"serie": [valid_series("in-review", Naam="Anders")]}), principal=manager)
    assert "de serie is ingediend" in report.problems[0].message


def test_new_series_need_actors_of_their_organisation(register: Store) -> None:
    report, _ = run(register, workbook({"serie": [valid_series("vreemd", Bewaargever="Gemeente Machelen")]}),
                    organisation="stad-leuven")  # fmt: skip
    (problem,) = report.problems
    assert problem.column == "Bewaargever"
    assert "'gemeente-machelen' is geen actor van organisatie 'stad-leuven'" in problem.message


def test_the_organisation_named_with_the_import_is_checked(register: Store) -> None:
    data = workbook({"serie": [valid_series("x")]})
    report, _ = run(register, data, organisation="nergens")
    assert report.file_status == 400 and "er is geen organisatie 'nergens'" in report.file_problems[0].message
    add_organisation(register, "gemeente-machelen", "Gemeente Machelen")
    manager = user(register, "An Peeters", Role.INFORMATIEBEHEERDER)
    report, _ = run(register, data, principal=manager, organisation="gemeente-machelen")
    assert report.file_status == 403 and "dat mag u voor: stad-leuven" in report.file_problems[0].message


def test_a_batch_applies_entirely_or_not_at_all(register: Store) -> None:
    """Two series in one batch; one changed since it was read: neither change is written."""
    manager = user(register, "An Peeters", Role.INFORMATIEBEHEERDER)
    run(register, workbook({"serie": [valid_series("eerste"), valid_series("tweede")]}), principal=manager)
    first, second = read_record(register, "eerste"), read_record(register, "tweede")
    batch = bulk.Batch()
    stamp = stamp_now()
    for rec in (first, second):
        old = working_copy(register, rec.slug)
        new = Graph() + old
        new.set((rec.iri, MDTO.naam, Literal(f"Nieuw {rec.slug}")))
        bulk.edit_series(batch, register, manager, rec, old, new, stamp, "test")
    replace(register, manager, "tweede", second.etag, lambda g: g)  # someone else saves "tweede" meanwhile
    before = snapshot(register)
    with pytest.raises(StaleRevision):
        batch.commit(register)
    assert snapshot(register) == before


def test_a_change_made_while_the_import_runs_stops_the_import(register: Store) -> None:
    """Someone saves a draft between the import's reading and its writing: ImportConflict, nothing written."""
    manager = user(register, "An Peeters", Role.INFORMATIEBEHEERDER)
    run(register, workbook({"serie": [valid_series("eerste"), valid_series("tweede")]}), principal=manager)
    changed = workbook({"serie": [valid_series(s, Naam=f"Nieuw {s}") for s in ("eerste", "tweede")]})
    snapshots = []

    def meanwhile(done: int, total: int, phase: str) -> None:
        if phase == "vergelijken":  # the rows were read and compared: now a colleague saves "tweede"
            replace(register, manager, "tweede", read_record(register, "tweede").etag, lambda g: g)
            snapshots.append(snapshot(register))

    with pytest.raises(ImportConflict, match="'tweede' werd gewijzigd terwijl de import liep"):
        run(register, changed, principal=manager, progress=meanwhile)
    assert snapshot(register) == snapshots[0]
    assert value(register, resource_iri("serie", "eerste"), "mdto:naam") == ["Testreeks eerste"]


# ------------------------------------------------------------------------------------------ round trip


def test_export_edit_one_cell_reimport(store: Store) -> None:
    """The round trip of the issue, on the demo data and on both store kinds: only the edited series changes."""
    load_reference(store)
    load_demo(store)
    add_organisation(store, "stad-leuven", "Stad Leuven")
    exported = workbook_bytes(export_workbook(store))
    report, _ = run(store, exported)
    assert report.counts["ongewijzigd"] == len(report.rows) >= 20 and report.ok and not report.written
    before = snapshot(store)
    wb = open_workbook(exported)
    ids = [c.value for c in wb["Series"]["A"][1:]]
    row = ids.index("leuven-klachtendossiers") + 2
    cell_of(wb, "Series", row, "Bewaartermijn").value = "P4Y"  # within the legal maximum of 5 years
    report, _ = run(store, save(wb))
    assert report.counts["gewijzigd"] == 1 and report.written
    changed = [r for r in report.rows if r.status == "gewijzigd"]
    assert changed[0].identifier == "leuven-klachtendossiers"
    after = snapshot(store)
    iri = resource_iri("serie", "leuven-klachtendossiers")
    touched = {t[0] for t in before ^ after}
    assert touched == {str(draft_graph("leuven-klachtendossiers")), str(version_graph("leuven-klachtendossiers", 1)),
                       str(GRAPH_SYSTEM), str(GRAPH_PROV)}  # fmt: skip
    assert value(store, iri, "mdto:bewaartermijn/mdto:termijnLooptijd") == ["P4Y"]
    # what the row does not cover stays: the archive it belongs to, its security group
    assert value(store, iri, "mdto:isOnderdeelVan") == [str(resource_iri("archief", "stad-leuven"))]
    published = {t[1] for t in in_graph(before, GRAPH_PUBLISHED) if t[0] == str(iri)}
    drafted = {t[1] for t in in_graph(after, draft_graph("leuven-klachtendossiers")) if t[0] == str(iri)}
    assert published - drafted == {str(p) for p in WORKFLOW_PROPS} & published


def test_export_filters(register: Store) -> None:
    wb = export_workbook(register, SeriesFilter({"beheerder": ["Gemeente Machelen"], "waardering": ["B"]}))
    names = [c.value for c in wb["Series"]["B"][1:]]
    assert names and "Budgetten - begrotingen" in names
    assert all(c.value == "Blijvend te bewaren" for c in wb["Series"]["L"][1:])
    assert {c.value for c in wb["Series"]["F"][1:]} == {"Gemeente Machelen"}


# ------------------------------------------------------------------------------------------ value forms


@pytest.mark.parametrize(
    ("typed", "stored", "datatype"),
    [
        ("31/12/2019", "2019-12-31", XSD.date),
        ("31-12-2019", "2019-12-31", XSD.date),
        ("2019-12-31", "2019-12-31", XSD.date),
        ("2019-12", "2019-12", XSD.gYearMonth),
        ("2019", "2019", XSD.gYear),
        (2019, "2019", XSD.gYear),
        (dt.datetime(2019, 12, 31), "2019-12-31", XSD.date),
    ],
)
def test_dates_in_the_forms_people_type(register: Store, typed: object, stored: str, datatype: URIRef) -> None:
    report, _ = run(register, workbook({"serie": [valid_series("datum", **{"Geldig van": typed})]}))
    assert report.ok, report.to_text()
    rows = register.select(
        f"PREFIX mdto: <{MDTO}> SELECT ?d WHERE {{ GRAPH <{draft_graph('datum')}> {{ "
        f"<{resource_iri('serie', 'datum')}> mdto:dekkingInTijd/mdto:dekkingInTijdBeginDatum ?d }} }}"
    )
    assert rows[0]["d"] == Literal(stored, datatype=datatype)


@pytest.mark.parametrize(
    ("header", "typed"),
    [
        ("Bestemming", "Tijdelijk te bewaren"),
        ("Bestemming", "v"),
        ("Bestemming", str(concept_iri("waarderingen", "v"))),
        ("Bewaartermijn", "10 jaar"),
        ("Bewaartermijn", 10),
        ("Archiefvormer", "OVO003679"),
        ("Archiefvormer", "agsl"),
    ],
)
def test_concepts_by_label_code_or_iri_and_durations(register: Store, header: str, typed: object) -> None:
    report, _ = run(register, workbook({"serie": [valid_series("vorm", **{header: typed})]}), dry_run=True)
    assert report.ok, report.to_text()


@pytest.mark.parametrize(
    ("header", "typed", "message"),
    [
        ("Bewaartermijn", "tien jaar", "'tien jaar' is geen geldige termijn; gebruik bijvoorbeeld P10Y, 10"),
        ("Geldig van", "31/02/2019", "'31/02/2019' is geen bestaande datum"),
        ("Geldig van", "eind 2019", "'eind 2019' is geen datum; gebruik bijvoorbeeld 31/12/2019"),
        ("Bestemming", "Tijdelijk bewaren", "bedoelt u 'Tijdelijk te bewaren'"),
        ("Toepassingsgebied", "Gemeente", "bedoelt u 'Gemeenten'"),
        ("Persoonsgegevens", "misschien", "'misschien' is geen ja of nee"),
        ("Identificatie", "Mijn Serie", "gebruik bijvoorbeeld 'mijn-serie'"),
        ("Afgeleid van", "bestaat-niet", "'bestaat-niet' is niet gekend"),
    ],
)
def test_bad_values_are_reported_per_row_and_column(register: Store, header: str, typed: str, message: str) -> None:
    before = snapshot(register)
    rows = [valid_series("goed-1"), valid_series("fout", **{header: typed})]
    report, _ = run(register, workbook({"serie": rows}))
    assert not report.ok and not report.written
    assert report.counts["geweigerd"] == 1
    (problem,) = report.problems
    assert problem.row == 3 and problem.column == header
    assert message in problem.text()
    assert problem.text().startswith(f"blad Series, rij 3, kolom {header}: ")
    assert snapshot(register) == before  # all or nothing: the good row was not written either


def test_formulas_are_refused(register: Store) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Series"
    row = valid_series("formule")
    ws.append(list(row))
    ws.append(list(row.values()))
    ws["B2"] = '=CONCAT("Test", "reeks")'
    report, _ = run(register, save(wb))
    (problem,) = report.problems
    assert problem.column == "Naam" and "bevat een formule" in problem.message
    assert 'CONCAT("Test", "reeks")' in problem.message


def test_duplicate_identifier_in_the_file(register: Store) -> None:
    report, _ = run(register, workbook({"serie": [valid_series("dubbel"), valid_series("dubbel")]}))
    (problem,) = report.problems
    assert problem.row == 3 and "staat al op rij 2" in problem.message


def test_marked_workbook_shows_the_wrong_cells(register: Store) -> None:
    data = workbook({"serie": [valid_series("ok"), valid_series("slecht", Bewaartermijn="tien jaar", Bestemming="X")]})
    report, file_data = run(register, data)
    wb = open_workbook(marked_workbook(data, file_data, report))
    assert wb.sheetnames[0] == REPORT_SHEET
    bad = cell_of(wb, "Series", 3, "Bewaartermijn")
    assert bad.fill.fgColor.rgb.endswith(ERROR_FILL.fgColor.rgb[-6:])
    assert "geen geldige termijn" in bad.comment.text
    assert "geen gekende" in cell_of(wb, "Series", 3, "Bestemming").comment.text
    good = cell_of(wb, "Series", 2, "Bewaartermijn")
    assert good.comment is None and good.fill.fgColor.rgb != bad.fill.fgColor.rgb
    report_rows = [[c.value for c in r] for r in wb[REPORT_SHEET].iter_rows(min_row=3)]
    assert ["Series", 3, "Bewaartermijn"] in [r[:3] for r in report_rows]


def test_json_report(register: Store) -> None:
    report, _ = run(register, workbook({"serie": [valid_series("j", Bestemming="Tijdelijk bewaren")]}), dry_run=True)
    body = report.to_json()
    assert body["ok"] is False and body["counts"]["geweigerd"] == 1
    (row,) = body["rows"]
    assert row["identifier"] == "j" and row["status"] == "geweigerd"
    assert row["problems"][0]["column"] == "Bestemming" and row["problems"][0]["key"] == "waardering"


# ------------------------------------------------------------------------------------------ CSV


@pytest.mark.parametrize("separator", [";", ","])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_in_both_encodings_and_separators(register: Store, separator: str, encoding: str) -> None:
    rows = [valid_series("csv-reeks", Naam="Privé-dossiers", Beschrijving="Één, twee; drie")]
    report, _ = run(register, csv_bytes(rows, separator, encoding), "lijst.csv")
    assert report.ok, report.to_text()
    assert value(register, resource_iri("serie", "csv-reeks"), "mdto:naam") == ["Privé-dossiers"]
    assert value(register, resource_iri("serie", "csv-reeks"), "mdto:omschrijving") == ["Één, twee; drie"]
    guessed = [n for n in report.notes if "Windows-1252" in n]
    assert bool(guessed) == (encoding == "cp1252")


def test_csv_errors_are_marked_in_a_workbook(register: Store) -> None:
    data = csv_bytes([valid_series("c", Bewaartermijn="altijd")])
    report, file_data = run(register, data, "lijst.csv")
    wb = open_workbook(marked_workbook(data, file_data, report))
    assert "geen geldige termijn" in cell_of(wb, "CSV", 2, "Bewaartermijn").comment.text


# ------------------------------------------------------------------------------------------ unusable files


def _encrypted_ole() -> bytes:
    """The start of an OLE compound file holding an EncryptedPackage stream, as Excel writes a protected book."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64


def _corrupt_xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.7\n...", "verslag.pdf", "geen Excel-werkmap (.xlsx) of CSV-bestand"),
        (_encrypted_ole(), "geheim.xlsx", "met een wachtwoord beveiligd"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "oud.xls", "oud Excel-bestand (.xls)"),
        (_corrupt_xlsx(), "kapot.xlsx", "beschadigd"),
        (b"not a zip", "kapot.xlsx", "geen Excel-werkmap: het is beschadigd"),
        (b"", "leeg.xlsx", "leeg"),
    ],
)
def test_unusable_files(register: Store, data: bytes, name: str, message: str) -> None:
    before = snapshot(register)
    report, _ = run(register, data, name)
    (problem,) = report.file_problems
    assert message in problem.message
    assert not report.rows and not report.written
    assert snapshot(register) == before


def test_missing_required_columns_are_named(register: Store) -> None:
    cols = [h for h in valid_series("x") if h not in ("Naam", "Bestemming")]
    report, _ = run(register, workbook({"serie": [valid_series("x")]}, {"serie": cols}))
    (problem,) = report.file_problems
    assert "verplichte kolommen ontbreken: Naam, Bestemming" in problem.message


def test_no_known_sheet(register: Store) -> None:
    wb = Workbook()
    wb.active.title = "Blad1"
    report, _ = run(register, save(wb))
    assert "geen blad met de naam Series, Dossiers, Stukken" in report.file_problems[0].message


def test_row_limit(register: Store) -> None:
    rows = [valid_series(f"r-{i}") for i in range(11)]
    report, _ = run(register, workbook({"serie": rows}), max_rows=10)
    assert report.file_status == 413
    assert "meer dan 10 rijen" in report.file_problems[0].message


def test_the_limit_is_ten_thousand_rows_and_more_are_refused_before_any_row_is_checked(register: Store) -> None:
    rows = [valid_series(f"veel-{i}") for i in range(10_001)]
    report, _ = run(register, csv_bytes(rows), "veel.csv", dry_run=True)
    assert report.file_status == 413 and not report.rows
    assert "het bestand telt meer dan 10000 rijen" in report.file_problems[0].message


def test_a_workbook_with_an_xml_entity_is_refused_not_expanded(register: Store) -> None:
    """openpyxl parses through defusedxml: a DTD with entities inside a sheet is an error, not an expansion."""
    good = workbook({"serie": [valid_series("entiteit")]})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + data.split(b"?>", 1)[-1]
            dst.writestr(item, data)
    before = snapshot(register)
    report, _ = run(register, out.getvalue())
    (problem,) = report.file_problems
    assert "beschadigd" in problem.message
    assert snapshot(register) == before
