"""What `POST /validate` means: parse RDF of any syntax the register reads, validate it against a profile with
the reference data it points at, and return the report. Nothing is written."""

from __future__ import annotations

from mdto.rdfio import format_for_media_type, parse_bytes, to_rdflib_graph
from mdto.validation import ValidationReport, validate
from mdto.validation.context import context_for


def validate_body(body: bytes, content_type: str, profile: str) -> ValidationReport:
    """Raises UnknownFormatError (415) or RdfSyntaxError (400)."""
    fmt = format_for_media_type(content_type)
    data = to_rdflib_graph(parse_bytes(body, fmt, "request body").quads)
    return validate(data, profile, context=context_for(data))
