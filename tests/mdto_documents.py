"""Builders of MDTO XML test documents that use every element of the XSD, and a canonical comparison.

Documents are built by walking the mapping table; tests/test_mdto_xml_mapping.py proves that table equals the XSD,
and the round-trip tests validate every built document against the XSD itself, so together they cover every
element and group of MDTO XML 1.0.1.
"""

from __future__ import annotations

from lxml import etree

from mdto.xml.mapping import ElementSpec, TypeSpec, mdto_xml_mapping

NS = mdto_xml_mapping().namespace
LEVEL_LIST = "Begrippenlijst Aggregatieniveaus MDTO"

# Concept values the register knows (data/begrippen-mdto.ttl): imported as concept IRIs.
KNOWN = {
    "waardering": ("Tijdelijk te bewaren", "V", "Begrippenlijst Waarderingen MDTO"),
    "eventType": ("Creatie", None, "Begrippenlijst Eventtypen MDTO"),
    "beperkingGebruikType": ("Geen beperking", None, "Begrippenlijst Beperkingen Gebruik MDTO"),
    "checksumAlgoritme": ("SHA-256", None, "Begrippenlijst Checksumalgoritmen MDTO"),
}
LEAF_VALUES = {
    "string": "tekst",
    "integer": "634",
    "language": "nl",
    "anyURI": "https://example.org/x?n=",
    "date": "2021-06-30",
    "dateTime": "2021-03-15T10:45:00+01:00",
    "duration": "P10Y",
    "date-union": "2021-03",
    "date-union-with-dateTime": "2021-03-15T10:42:00+01:00",
}


class Builder:
    """Builds one full document; `refs` maps reference elements to (naam, kenmerk, bron) of real targets."""

    def __init__(self, level: str | None, kenmerk: str, refs: dict[str, tuple[str, str, str]] | None = None):
        self.m = mdto_xml_mapping()
        self.level, self.kenmerk, self.refs = level, kenmerk, refs or {}
        self.n = 0

    def document(self) -> bytes:
        kind = "bestand" if self.level is None else "informatieobject"
        root = etree.Element(self.m.q("MDTO"), nsmap={None: NS})
        self._fill(etree.SubElement(root, self.m.q(kind)), self.m.types[kind], top=True)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    def _fill(self, parent: etree._Element, spec: TypeSpec, top: bool = False) -> None:
        for e in spec.elements:
            for i in range(2 if e.repeats else 1):
                child = etree.SubElement(parent, self.m.q(e.xml))
                self._value(child, e, i, top)

    def _value(self, child: etree._Element, e: ElementSpec, i: int, top: bool) -> None:
        self.n += 1
        if top and e.xml == "identificatie" and i == 0:
            self._leaves(child, ("identificatieKenmerk", self.kenmerk), ("identificatieBron", "Serieregister"))
        elif top and e.xml == "naam":
            child.text = f"Object {self.kenmerk}"
        elif e.xml == "aggregatieniveau":
            self._begrip(child, self.level or "Archief", None, LEVEL_LIST)
        elif e.xml in KNOWN and i == 0:
            self._begrip(child, *KNOWN[e.xml])
        elif top and e.xml in self.refs and i == 0:
            naam, kenmerk, bron = self.refs[e.xml]
            self._leaves(child, ("verwijzingNaam", naam))
            self._leaves(etree.SubElement(child, self.m.q("verwijzingIdentificatie")),
                         ("identificatieKenmerk", kenmerk), ("identificatieBron", bron))  # fmt: skip
        elif e.is_leaf:
            value = LEAF_VALUES[e.type]
            # strings carry the document's kenmerk, so that identificaties stay unique across a package
            child.text = (
                f"{value} {self.kenmerk}-{self.n}"
                if e.type == "string"
                else f"{value}{self.n}"
                if e.type == "anyURI"
                else value
            )
            if e.type == "language":
                child.text = ("nl", "en-GB")[i]  # RDF keeps a set: repeated values must differ
            if e.type == "integer" and top:
                child.text = "3"  # omvang of the test content b"abc"
        elif e.type == "begripGegevens":
            self._begrip(child, f"Eigen begrip {self.n}", f"C{self.n}", f"Eigen lijst {self.n}")
        else:
            self._fill(child, self.m.types[e.type])

    def _begrip(self, child: etree._Element, label: str, code: str | None, lijst: str) -> None:
        self._leaves(child, ("begripLabel", label), *((("begripCode", code),) if code else ()))
        self._leaves(etree.SubElement(child, self.m.q("begripBegrippenlijst")), ("verwijzingNaam", lijst))

    def _leaves(self, parent: etree._Element, *pairs: tuple[str, str]) -> None:
        for tag, text in pairs:
            etree.SubElement(parent, self.m.q(tag)).text = text


def canonical(data: bytes) -> tuple:
    """Element names, order and values; whitespace between elements ignored; repetitions of one element as a
    multiset (RDF keeps no order among them, see docs/mdto-xml.md)."""
    root = etree.fromstring(data, etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True))
    return _canon(root)


def _canon(el: etree._Element) -> tuple:
    children = [c for c in el if isinstance(c.tag, str)]
    if not children:
        return (etree.QName(el).localname, el.text)
    items = [_canon(c) for c in children]
    out: list = []
    run: list = []
    for item in items:
        if run and run[-1][0] != item[0]:
            out += sorted(run, key=repr)
            run = []
        run.append(item)
    out += sorted(run, key=repr)
    return (etree.QName(el).localname, tuple(out))


def element_names(data: bytes) -> set[str]:
    return {etree.QName(e).localname for e in etree.fromstring(data).iter() if isinstance(e.tag, str)}
