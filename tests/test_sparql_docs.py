"""Every question in docs/sparql.md runs through /sparql against the demo register (both stores) and finds the
answer its `expect` comment names."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.conftest import REPO

DOC = (REPO / "docs" / "sparql.md").read_text(encoding="utf-8")
PREFIXES = re.search(r"```\n(PREFIX.*?)```", DOC, re.S).group(1)  # type: ignore[union-attr]
QUESTIONS = re.findall(r"^## (.+?)\n.*?```sparql\n(.*?)```\n<!-- expect: (.*?) -->", DOC, re.S | re.M)


def test_the_doc_asks_at_least_ten_questions() -> None:
    assert len(QUESTIONS) >= 10
    assert len(QUESTIONS) == DOC.count("```sparql")  # every query block carries an expectation


@pytest.mark.parametrize(("title", "query", "expected"), QUESTIONS, ids=[q[0][:40] for q in QUESTIONS])
def test_question_answers(read_client, title: str, query: str, expected: str) -> None:
    r = read_client.post("/sparql", data={"query": PREFIXES + query}, headers={"Accept": "text/csv"})
    assert r.status_code == 200, f"{title}: {r.text}"
    rows = list(csv.reader(io.StringIO(r.text)))[1:]
    assert rows, f"{title}: no answer"
    assert any(expected in cell for row in rows for cell in row), f"{title}: {expected!r} not in {rows[:5]}"
