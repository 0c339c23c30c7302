"""Parsing MDTO XML safely, and validating it against the XSD when one is configured.

The parser never resolves entities, never loads a DTD and never touches the network; any DOCTYPE is refused
outright, since MDTO XML has no use for one and every entity attack starts there.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

from mdto.xml.errors import InvalidDocument, NotWellFormed, UnsafeXml


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


def parse_document(data: bytes, source: str) -> etree._ElementTree:
    """Parse one document; raises NotWellFormed or UnsafeXml."""
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as e:
        line = e.position[0] if e.position else None
        raise NotWellFormed(f"not well-formed XML: {e.msg}", source, line) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise UnsafeXml("a DOCTYPE is not allowed in MDTO XML (entities and DTDs are refused)", source, 1)
    return tree


@cache
def _schema(path: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(path, _parser()))


def validate(tree: etree._ElementTree, xsd_path: Path | None, source: str) -> None:
    """Validate against the XSD at `xsd_path` (nothing happens when it is None); raises InvalidDocument."""
    if xsd_path is None:
        return
    schema = _schema(str(xsd_path))
    if schema.validate(tree):
        return
    err = schema.error_log[0]
    raise InvalidDocument(f"not valid against {Path(xsd_path).name}: {err.message}", source, err.line, err.path)
