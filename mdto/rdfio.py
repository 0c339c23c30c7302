"""Reading RDF in every syntax the register accepts, with errors that name the file, line and reason.

Parsing is done by pyoxigraph (fast, strict, and it never fetches anything over the network), before anything
touches the store: a file that does not parse is refused whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

# name -> (pyoxigraph format, file extensions, rdflib serializer name)
FORMATS: dict[str, tuple[ox.RdfFormat, tuple[str, ...], str]] = {
    "turtle": (ox.RdfFormat.TURTLE, (".ttl", ".turtle"), "turtle"),
    "trig": (ox.RdfFormat.TRIG, (".trig",), "trig"),
    "ntriples": (ox.RdfFormat.N_TRIPLES, (".nt",), "nt"),
    "nquads": (ox.RdfFormat.N_QUADS, (".nq", ".nquads"), "nquads"),
    "jsonld": (ox.RdfFormat.JSON_LD, (".jsonld", ".json"), "json-ld"),
    "rdfxml": (ox.RdfFormat.RDF_XML, (".rdf", ".owl", ".xml"), "xml"),
}

MEDIA_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/trig": "trig",
    "application/n-triples": "ntriples",
    "application/n-quads": "nquads",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdfxml",
}


class RdfSyntaxError(ValueError):
    """Input that is not valid RDF: where (source, line, column) and why."""

    def __init__(self, source: str, reason: str, line: int | None = None, column: int | None = None):
        self.source, self.reason, self.line, self.column = source, reason, line, column
        where = source if line is None else f"{source}:{line}" + (f":{column}" if column else "")
        super().__init__(f"{where}: {reason}")


class UnknownFormatError(ValueError):
    pass


@dataclass(frozen=True)
class ParsedRdf:
    """Quads parsed from one source; triples of a graph syntax carry the default graph."""

    source: str
    quads: list[ox.Quad]


def format_for_path(path: Path) -> str:
    suffix = path.suffix.lower()
    for name, (_, extensions, _) in FORMATS.items():
        if suffix in extensions:
            return name
    known = ", ".join(ext for _, exts, _ in FORMATS.values() for ext in exts)
    raise UnknownFormatError(f"{path}: unknown RDF file extension {suffix!r}; use one of {known}")


def format_for_media_type(media_type: str) -> str:
    base = media_type.split(";")[0].strip().lower()
    if base not in MEDIA_TYPES:
        raise UnknownFormatError(f"unsupported media type {base!r}; use one of {', '.join(sorted(MEDIA_TYPES))}")
    return MEDIA_TYPES[base]


def parse_bytes(data: bytes, fmt: str, source: str = "<input>", base_iri: str | None = None) -> ParsedRdf:
    """Parse a whole document; raise RdfSyntaxError with line and column on the first error."""
    if fmt not in FORMATS:
        raise UnknownFormatError(f"unknown RDF format {fmt!r}; use one of {', '.join(FORMATS)}")
    try:
        quads = list(ox.parse(data, format=FORMATS[fmt][0], base_iri=base_iri, rename_blank_nodes=True))
    except SyntaxError as e:
        raise RdfSyntaxError(source, _reason(e), e.lineno, e.offset) from None
    except ValueError as e:  # e.g. invalid UTF-8 or an invalid IRI
        raise RdfSyntaxError(source, str(e)) from None
    return ParsedRdf(source, quads)


def parse_file(path: Path, fmt: str | None = None) -> ParsedRdf:
    fmt = fmt or format_for_path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise RdfSyntaxError(str(path), f"cannot read: {e.strerror or e}") from None
    return parse_bytes(data, fmt, str(path), base_iri=path.resolve().as_uri())


def _reason(e: SyntaxError) -> str:
    # pyoxigraph prefixes its message with the position; keep the reason after it.
    msg = str(e.msg if hasattr(e, "msg") else e)
    return msg.split(": ", 1)[1] if msg.startswith("Parser error") and ": " in msg else msg


def to_rdflib_graph(quads: Iterable[ox.Quad]) -> Graph:
    """The triples of parsed quads as an in-memory rdflib graph (graph names dropped)."""
    from mdto.terms import from_ox

    g = Graph()
    for q in quads:
        g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return g
