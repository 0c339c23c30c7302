"""Input problems: which field, why, and what would be valid. The API answers them as 422 with this list."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    field: str
    reason: str
    valid: str | list[str] | None = None
    shacl: dict[str, Any] | None = None  # the SHACL validation result this problem comes from, in full

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


class InputProblems(ValueError):
    """One or more problems with a request body; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(f"{p.field}: {p.reason}" for p in problems))
