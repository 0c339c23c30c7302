"""The MDTO XML table (`mappings/mdto-xml.toml`) loaded into typed specs.

Export and import both walk these specs; neither lists an element itself. The table mirrors the XSD's complex
types, so a reader finds here which RDF property an XML element becomes, in which order, how often, and as which
value type.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from rdflib import URIRef
from rdflib.namespace import XSD

from mdto import resources
from mdto.namespaces import expand

UNBOUNDED = -1

# Value types of leaf elements: the XSD datatype they must match, and the RDF datatype they carry (None: plain
# string). Date unions carry the datatype of whichever member the lexical form belongs to.
_YEAR = r"-?\d{4,}"
_TZ = r"(Z|[+-]\d{2}:\d{2})?"
_DATE_PATTERNS = (
    (re.compile(rf"^{_YEAR}{_TZ}$"), XSD.gYear),
    (re.compile(rf"^{_YEAR}-\d{{2}}{_TZ}$"), XSD.gYearMonth),
    (re.compile(rf"^{_YEAR}-\d{{2}}-\d{{2}}{_TZ}$"), XSD.date),
    (re.compile(rf"^{_YEAR}-\d{{2}}-\d{{2}}T\d{{2}}:\d{{2}}:\d{{2}}(\.\d+)?{_TZ}$"), XSD.dateTime),
)
LEAF_TYPES: dict[str, tuple[URIRef, ...]] = {
    "string": (XSD.string,),
    "integer": (XSD.integer,),
    "language": (XSD.language,),
    "anyURI": (XSD.anyURI,),
    "date": (XSD.date,),
    "dateTime": (XSD.dateTime,),
    "duration": (XSD.duration,),
    "date-union": (XSD.gYear, XSD.gYearMonth, XSD.date),
    "date-union-with-dateTime": (XSD.gYear, XSD.gYearMonth, XSD.date, XSD.dateTime),
}
_LEXICAL = {
    XSD.integer: re.compile(r"^[+-]?\d+$"),
    XSD.language: re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$"),
    XSD.duration: re.compile(r"^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$"),
}


@dataclass(frozen=True)
class ElementSpec:
    """One element of an xsd:sequence and the RDF property it becomes."""

    xml: str
    rdf: URIRef
    min: int
    max: int  # UNBOUNDED for many
    type: str
    list: str | None = None

    @property
    def is_leaf(self) -> bool:
        return self.type in LEAF_TYPES

    @property
    def repeats(self) -> bool:
        return self.max != 1


@dataclass(frozen=True)
class TypeSpec:
    """A complex type: its RDF class and its ordered elements."""

    name: str
    cls: URIRef
    elements: tuple[ElementSpec, ...]

    def element(self, xml_name: str) -> tuple[int, ElementSpec] | None:
        for i, e in enumerate(self.elements):
            if e.xml == xml_name:
                return i, e
        return None


@dataclass(frozen=True)
class MdtoXmlMapping:
    namespace: str
    schema_location: str
    types: dict[str, TypeSpec]

    def q(self, local: str) -> str:
        """Clark name `{namespace}local` for lxml."""
        return f"{{{self.namespace}}}{local}"


@cache
def mdto_xml_mapping() -> MdtoXmlMapping:
    return parse_mapping(resources.path("mappings", "mdto-xml.toml").read_text(encoding="utf-8"))


def parse_mapping(text: str) -> MdtoXmlMapping:
    raw = tomllib.loads(text)
    types: dict[str, TypeSpec] = {}
    for name, t in raw["types"].items():
        elements = tuple(
            ElementSpec(
                xml=e["xml"],
                rdf=expand(e["rdf"]),
                min=int(e["min"]),
                max=UNBOUNDED if e["max"] == "unbounded" else int(e["max"]),
                type=e["type"],
                list=e.get("list"),
            )
            for e in t["elements"]
        )
        types[name] = TypeSpec(name, expand(t["class"]), elements)
    for t in types.values():
        for e in t.elements:
            if not e.is_leaf and e.type not in types:
                raise ValueError(f"mappings/mdto-xml.toml: {t.name}.{e.xml}: unknown type {e.type!r}")
    return MdtoXmlMapping(raw["xml_namespace"], raw["schema_location"], types)


def leaf_datatype(value_type: str, text: str) -> URIRef | None:
    """The RDF datatype of `text` as a value of `value_type`, or None when the text is not of that type."""
    allowed = LEAF_TYPES[value_type]
    if value_type == "string":
        return XSD.string
    if value_type == "anyURI":
        return XSD.anyURI if not re.search(r"\s", text) else None
    for pattern, dt in _DATE_PATTERNS:
        if dt in allowed and pattern.match(text):
            return dt
    if allowed[0] in _LEXICAL and _LEXICAL[allowed[0]].match(text):
        return allowed[0]
    return None
