"""docs/write-side.md shows the authorisation table the code enforces."""

from __future__ import annotations

from mdto.auth.policy import render_markdown
from tests.conftest import REPO


def test_the_documented_table_is_the_enforced_table() -> None:
    assert render_markdown() in (REPO / "docs" / "write-side.md").read_text(encoding="utf-8")
