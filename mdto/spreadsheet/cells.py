"""Reading one cell as the value of its field, in the forms people type into Excel or a CSV file.

Each function returns what `mdto.model.Resource.set` takes, or raises `CellError` with a Dutch message that
says what is wrong and gives an example of a valid value. The model checks the value again (mdto.values), so
these functions only widen the accepted forms; they never let through what the model would refuse.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from rdflib import URIRef

from mdto.mapping import FieldSpec
from mdto.namespaces import resource_iri, slugify
from mdto.spreadsheet.vocabulary import Choices, UnknownValue
from mdto.values import DURATION

CellValue = str | int | float | bool | dt.datetime | dt.date | dt.time | None

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MY = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_YM = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^\d{4}$")
_WORD_DURATION = re.compile(r"^(\d+)\s*(jaar|jaren|j|maand|maanden|m|week|weken|w|dag|dagen|d)$")
_UNITS = {"j": "Y", "m": "M", "w": "W", "d": "D"}
_TRUE = {"ja", "j", "waar", "true", "yes", "y", "1", "x"}
_FALSE = {"nee", "n", "onwaar", "false", "no", "0"}

DATE_FORMS = "31/12/2019, 2019-12-31, 2019-12 of 2019"


class CellError(ValueError):
    """A cell that cannot become a value of its field; the message is for the person who typed it."""


def text_of(value: CellValue) -> str:
    """A cell as text: whole numbers without '.0', dates in ISO form."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def is_empty(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_date(value: CellValue) -> str:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0, 0):
            raise CellError(f"'{value}' bevat een tijdstip; geef enkel de datum, bijvoorbeeld {DATE_FORMS}")
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        value = str(int(value))
    text = text_of(value)
    parts: tuple[int, ...] | None = None
    if m := _DMY.match(text):
        parts = (int(m[3]), int(m[2]), int(m[1]))
    elif m := _YMD.match(text):
        parts = (int(m[1]), int(m[2]), int(m[3]))
    elif m := (_YM.match(text) or _MY.match(text)):
        year, month = (int(m[1]), int(m[2])) if len(m[1]) == 4 else (int(m[2]), int(m[1]))
        if not 1 <= month <= 12:
            raise CellError(f"'{text}': maand {month} bestaat niet; gebruik bijvoorbeeld {DATE_FORMS}")
        return f"{year:04d}-{month:02d}"
    elif _YEAR.match(text):
        return text
    if parts is None:
        raise CellError(f"'{text}' is geen datum; gebruik bijvoorbeeld {DATE_FORMS}")
    try:
        return dt.date(*parts).isoformat()
    except ValueError:
        raise CellError(f"'{text}' is geen bestaande datum; gebruik bijvoorbeeld {DATE_FORMS}") from None


def parse_duration(value: CellValue) -> str:
    """P10Y as is; a bare number of years (10 -> P10Y); '10 jaar', '6 maanden', '3 weken', '30 dagen'."""
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return f"P{int(value)}Y"
    text = text_of(value)
    if text.isdigit():
        return f"P{int(text)}Y"
    if not text.startswith("-") and DURATION.match(text.upper()):  # a retention is never negative
        return text.upper()
    if m := _WORD_DURATION.match(text.lower()):
        return f"P{int(m[1])}{_UNITS[m[2][0]]}"
    raise CellError(f"'{text}' is geen geldige termijn; gebruik bijvoorbeeld P10Y, 10 of '6 maanden'")


def parse_boolean(value: CellValue) -> bool:
    if isinstance(value, bool):
        return value
    text = normalise_word(text_of(value))
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(f"'{text_of(value)}' is geen ja of nee; gebruik ja of nee")


def parse_integer(value: CellValue) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = text_of(value).replace(" ", "")
    if text.isdigit():
        return int(text)
    raise CellError(f"'{text_of(value)}' is geen geheel getal; gebruik bijvoorbeeld 2048")


def parse_datetime(value: CellValue) -> str:
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    return text_of(value)


def normalise_word(text: str) -> str:
    return text.strip().casefold()


def parse_choice(choices: Choices, value: CellValue, what: str) -> URIRef:
    text = text_of(value)
    try:
        return choices.resolve(text)
    except UnknownValue as e:
        if e.ambiguous:
            raise CellError(
                f"'{text}' past bij meer dan één {what}: {', '.join(e.suggestions)}; gebruik de code of de IRI"
            ) from None
        hint = f"; bedoelt u {' of '.join(repr(s) for s in e.suggestions)}?" if e.suggestions else ""
        raise CellError(f"'{text}' is geen gekende {what}{hint} (kies uit de lijst in het sjabloon)") from None


def parse_reference(value: CellValue, target_kind: str, what: str) -> URIRef:
    """Another register resource, by its identificatie (slug) or its full IRI."""
    text = text_of(value)
    if text.startswith(("http://", "https://")):
        return URIRef(text)
    if SLUG.match(text):
        return resource_iri(target_kind, text)
    raise CellError(f"'{text}' is geen identificatie van een {what}; gebruik de identificatie, bv. 'mijn-{what}'")


def parse_identifier(value: CellValue) -> str:
    text = text_of(value)
    if SLUG.match(text):
        return text
    raise CellError(
        f"'{text}' is geen geldige identificatie: enkel kleine letters, cijfers en koppeltekens; "
        f"gebruik bijvoorbeeld '{slugify(text)}'"
    )


SIMPLE_PARSERS: dict[str, Callable[[CellValue], object]] = {
    "date": parse_date,
    "duration": parse_duration,
    "boolean": parse_boolean,
    "integer": parse_integer,
    "datetime": parse_datetime,
}


def parse_cell(spec: FieldSpec, value: CellValue, choices: Choices | None, reference_kind: str | None) -> object:
    """One (single) value of a field from its cell text."""
    if spec.type in SIMPLE_PARSERS:
        return SIMPLE_PARSERS[spec.type](value)
    if choices is not None:
        what = {"actor": "organisatie", "process": "proces"}.get(spec.type, "waarde voor " + spec.label_nl)
        return parse_choice(choices, value, what)
    if spec.type == "resource":
        kind = reference_kind or spec.target or "serie"
        return parse_reference(value, kind, kind)
    return text_of(value)
