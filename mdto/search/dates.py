"""MDTO dates (year, year-month or date) as sortable keys, and in the Dutch notation of the public portal.

A period's start and end widen differently: "2019" starts on 2019-01-01 and, as an end, runs until 2019-12-31.
"""

from __future__ import annotations

import calendar
import re

_DATE = re.compile(r"^(\d{4,})(?:-(\d{2})(?:-(\d{2}))?)?")


def start_key(value: str | None) -> str | None:
    """`2019` -> `2019-01-01`; None for no or unreadable values."""
    m = _DATE.match(value or "")
    if not m:
        return None
    return f"{m[1]}-{m[2] or '01'}-{m[3] or '01'}"


def end_key(value: str | None) -> str | None:
    """`2019` -> `2019-12-31`, `2019-02` -> `2019-02-28`."""
    m = _DATE.match(value or "")
    if not m:
        return None
    year, month = int(m[1]), int(m[2] or 12)
    day = m[3] or f"{calendar.monthrange(max(year, 1), month)[1]:02d}"
    return f"{m[1]}-{month:02d}-{day}"


def dutch(key: str) -> str:
    """`2019-12-31` -> `31/12/2019`, as the Archief Vlaanderen portal writes dates."""
    year, month, day = key.split("-")
    return f"{day}/{month}/{year}"


def validity(start: str | None, end: str | None) -> str | None:
    """`Geldig van 01/01/2010 t.e.m. 31/12/2020` (the end only when there is one)."""
    s, e = start_key(start), end_key(end)
    if s is None:
        return f"Geldig t.e.m. {dutch(e)}" if e else None
    return f"Geldig van {dutch(s)}" + (f" t.e.m. {dutch(e)}" if e else "")
