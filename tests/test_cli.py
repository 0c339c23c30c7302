"""The `serieregister` command: load, query, dump, restore and their failure paths, on a real store directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mdto.cli import main
from mdto.namespaces import GRAPH_PUBLISHED
from mdto.store import EmbeddedStore

GOOD = """@prefix ex: <http://example.org/> .
ex:a ex:name "Alpha" .
ex:b ex:name "Beta" .
"""
BAD = """@prefix ex: <http://example.org/> .
ex:c ex:name "Gamma" .
ex:d ex:name "unterminated .
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "good.ttl").write_text(GOOD)
    (tmp_path / "bad.ttl").write_text(BAD)
    (tmp_path / "data.nq").write_text('<http://example.org/x> <http://example.org/p> "q" <http://example.org/g> .\n')
    (tmp_path / "data.jsonld").write_text(json.dumps({"@id": "http://example.org/j", "http://example.org/p": "v"}))
    return {p.name: p for p in tmp_path.iterdir()}


def count(store_dir: Path) -> int:
    s = EmbeddedStore(store_dir)
    try:
        return s.count()
    finally:
        s.close()


def test_load_puts_triples_in_the_published_graph(tmp_path: Path, files: dict[str, Path], capsys) -> None:
    store = tmp_path / "store"
    assert main(["--store", str(store), "load", str(files["good.ttl"]), str(files["data.jsonld"])]) == 0
    assert "good.ttl: 2 triples" in capsys.readouterr().out
    s = EmbeddedStore(store)
    assert s.count(str(GRAPH_PUBLISHED)) == 3
    s.close()


def test_load_keeps_the_graphs_of_a_quad_file(tmp_path: Path, files: dict[str, Path]) -> None:
    store = tmp_path / "store"
    assert main(["--store", str(store), "load", str(files["data.nq"])]) == 0
    s = EmbeddedStore(store)
    assert s.named_graphs() == ["http://example.org/g"]
    s.close()


def test_malformed_file_names_file_line_and_reason_and_writes_nothing(
    tmp_path: Path, files: dict[str, Path], capsys
) -> None:
    store = tmp_path / "store"
    assert main(["--store", str(store), "load", str(files["good.ttl"])]) == 0
    before = count(store)
    capsys.readouterr()
    code = main(["--store", str(store), "load", str(files["good.ttl"]), str(files["bad.ttl"])])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{files['bad.ttl']}:3" in err
    assert "Traceback" not in err
    assert count(store) == before == 2


def test_unknown_extension_and_missing_file(tmp_path: Path, capsys) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    assert main(["--store", str(tmp_path / "s"), "load", str(tmp_path / "notes.txt")]) == 2
    assert "unknown RDF file extension '.txt'" in capsys.readouterr().err
    assert main(["--store", str(tmp_path / "s"), "load", str(tmp_path / "missing.ttl")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_query_formats(tmp_path: Path, files: dict[str, Path], capsys) -> None:
    store = str(tmp_path / "store")
    main(["--store", store, "load", str(files["good.ttl"])])
    capsys.readouterr()
    q = "PREFIX ex: <http://example.org/> SELECT ?n WHERE { ?s ex:name ?n } ORDER BY ?n"
    assert main(["--store", store, "query", q, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"n": "Alpha"}, {"n": "Beta"}]
    assert main(["--store", store, "query", q, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["n", "Alpha", "Beta"]
    assert main(["--store", store, "query", q]) == 0
    assert capsys.readouterr().out.splitlines()[2:] == ["Alpha", "Beta"]
    assert main(["--store", store, "query", "ASK { ?s ?p ?o }"]) == 0
    assert capsys.readouterr().out.strip() == "true"
    assert main(["--store", store, "query", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"]) == 0
    assert "Alpha" in capsys.readouterr().out


def test_query_refuses_updates_and_reports_syntax_errors(tmp_path: Path, capsys) -> None:
    store = str(tmp_path / "store")
    assert main(["--store", store, "query", "DROP ALL"]) == 2
    assert "updates are not run here" in capsys.readouterr().err
    assert main(["--store", store, "query", "SELECT ?x WHERE { ?x"]) == 1
    assert "SPARQL syntax error" in capsys.readouterr().err


def test_dump_and_restore(tmp_path: Path, files: dict[str, Path]) -> None:
    store = str(tmp_path / "store")
    main(["--store", store, "load", str(files["good.ttl"]), str(files["data.nq"])])
    for name in ("dump.nq", "dump.trig.gz"):
        out = tmp_path / name
        assert main(["--store", store, "dump", "--out", str(out)]) == 0
        other = str(tmp_path / f"other-{name}")
        assert main(["--store", other, "restore", str(out)]) == 0
        assert count(Path(other)) == 3


def test_restore_of_a_malformed_dump_changes_nothing(tmp_path: Path, files: dict[str, Path]) -> None:
    store = tmp_path / "store"
    main(["--store", str(store), "load", str(files["good.ttl"])])
    broken = tmp_path / "broken.nq"
    broken.write_text('<http://example.org/x> <http://example.org/p> "q" <http://example.org/g>\n')
    assert main(["--store", str(store), "restore", str(broken)]) == 2
    assert count(store) == 2


def test_unreachable_sparql_endpoint_is_one_line(capsys) -> None:
    from tests.conftest import free_port

    code = main(["--sparql", f"http://127.0.0.1:{free_port()}/sparql", "query", "ASK {}"])
    err = capsys.readouterr().err
    assert code == 3
    assert err.count("\n") == 1 and "cannot reach the SPARQL endpoint" in err


def test_store_held_by_another_process(tmp_path: Path, capsys) -> None:
    held = EmbeddedStore(tmp_path / "store")
    try:
        code = main(["--store", str(tmp_path / "store"), "query", "ASK {}"])
    finally:
        held.close()
    assert code == 3
    assert "in use by another process" in capsys.readouterr().err


def test_remote_store_through_the_cli(oxigraph_server: str, files: dict[str, Path], capsys) -> None:
    from tests.conftest import remote_store

    remote_store(oxigraph_server)  # start empty
    base = ["--sparql", f"{oxigraph_server}/query", "--sparql-update", f"{oxigraph_server}/update"]
    assert main([*base, "load", str(files["good.ttl"])]) == 0
    capsys.readouterr()
    assert main([*base, "query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "2"
