"""Converting field values between Python and RDF literals, by the field types of the mapping table.

Dates follow the MDTO union (year, year-month or full date) and stay in their lexical form in Python, so that
"1977" is never silently widened to "1977-01-01". Every check names the field and says what would be valid.
"""

from __future__ import annotations

import datetime as dt
import re

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from mdto.terms import iri as checked_iri

_GYEAR = re.compile(r"^-?\d{4,}$")
_GYEARMONTH = re.compile(r"^-?\d{4,}-(0[1-9]|1[0-2])$")
_DATE = re.compile(r"^(-?\d{4,})-(\d{2})-(\d{2})$")
_DATETIME = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
DURATION = re.compile(r"^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
_LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


class ValueProblem(ValueError):
    """A value that does not fit its field: `field`, the value, and what would be valid."""

    def __init__(self, field: str, value: object, expected: str):
        self.field, self.value, self.expected = field, value, expected
        super().__init__(f"{field}: {value!r} is not valid; expected {expected}")


def date_literal(value: str | dt.date, field: str = "date") -> Literal:
    """A year, year-month or date as xsd:gYear, xsd:gYearMonth or xsd:date."""
    if isinstance(value, dt.datetime):
        raise ValueProblem(field, value, "a date without a time")
    if isinstance(value, dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    text = str(value).strip()
    if _GYEAR.match(text):
        return Literal(text, datatype=XSD.gYear)
    if _GYEARMONTH.match(text):
        return Literal(text, datatype=XSD.gYearMonth)
    m = _DATE.match(text)
    if m:
        try:
            dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise ValueProblem(field, value, "an existing calendar date") from None
        return Literal(text, datatype=XSD.date)
    raise ValueProblem(field, value, "a year (2019), a year and month (2019-12) or a date (2019-12-31)")


def to_literal(type_: str, value: object, field: str) -> Node:
    """Python value -> RDF term for a field of type `type_`."""
    if type_ in ("concept", "actor", "process", "resource"):
        try:
            return URIRef(checked_iri(str(value))[1:-1])
        except ValueError:
            raise ValueProblem(field, value, "an absolute IRI") from None
    if type_ in ("string", "text"):
        text = str(value)
        if not text.strip():
            raise ValueProblem(field, value, "a non-empty text (MDTO allows no empty strings)")
        return Literal(text)
    if type_ == "date":
        return date_literal(value, field)  # type: ignore[arg-type]
    if type_ == "datetime":
        text = value.isoformat() if isinstance(value, dt.datetime) else str(value)
        if not _DATETIME.match(text):
            raise ValueProblem(field, value, "a date and time such as 2023-04-06T10:15:00Z")
        return Literal(text, datatype=XSD.dateTime)
    if type_ == "duration":
        text = str(value).strip()
        if not DURATION.match(text):
            raise ValueProblem(field, value, "an ISO 8601 duration such as P10Y (ten years) or P6M")
        return Literal(text, datatype=XSD.duration)
    if type_ == "boolean":
        if not isinstance(value, bool):
            raise ValueProblem(field, value, "true or false")
        return Literal(value, datatype=XSD.boolean)
    if type_ == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueProblem(field, value, "a whole number")
        return Literal(value, datatype=XSD.integer)
    if type_ == "uri":
        try:
            checked_iri(str(value))
        except ValueError:
            raise ValueProblem(field, value, "an absolute URL") from None
        return Literal(str(value), datatype=XSD.anyURI)
    if type_ == "language":
        if not _LANGUAGE.match(str(value)):
            raise ValueProblem(field, value, "a language code such as nl or nl-BE")
        return Literal(str(value), datatype=XSD.language)
    raise ValueError(f"unknown field type {type_!r}")


def from_term(type_: str, term: Node) -> object:
    """RDF term -> Python value (IRIs stay URIRef, dates stay lexical strings)."""
    if isinstance(term, URIRef):
        return term
    if isinstance(term, Literal):
        if type_ == "boolean":
            return str(term).lower() in ("true", "1")
        if type_ == "integer":
            try:
                return int(str(term))
            except ValueError:
                return str(term)
        return str(term)
    return term
