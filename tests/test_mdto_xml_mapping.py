"""The MDTO XML table (mappings/mdto-xml.toml) checked against the official XSD itself."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from mdto.xml.mapping import UNBOUNDED, mdto_xml_mapping

XS = "{http://www.w3.org/2001/XMLSchema}"
SIMPLE = {"xsd:string": "string", "xsd:integer": "integer", "xsd:language": "language", "xsd:anyURI": "anyURI",
          "xsd:date": "date", "xsd:dateTime": "dateTime", "xsd:duration": "duration"}  # fmt: skip
UNIONS = {"xsd:gYear xsd:gYearMonth xsd:date": "date-union",
          "xsd:gYear xsd:gYearMonth xsd:date xsd:dateTime": "date-union-with-dateTime"}  # fmt: skip
# XSD complex type name -> table entry (the table names the two object types after their element)
TABLE_NAME = {"informatieobjectType": "informatieobject", "bestandType": "bestand"}


def xsd_sequences(xsd_path: Path) -> dict[str, list[tuple[str, int, int, str]]]:
    """Per complex type: (element, minOccurs, maxOccurs, type) in order, with extensions after their base."""
    schema = etree.parse(str(xsd_path))
    types = {t.get("name"): t for t in schema.getroot().iter(f"{XS}complexType")}

    def sequence(t: etree._Element) -> list[tuple[str, int, int, str]]:
        ext = t.find(f"{XS}complexContent/{XS}extension")
        base = sequence(types[ext.get("base")]) if ext is not None else []
        seq = (ext if ext is not None else t).find(f"{XS}sequence")
        out = []
        for e in seq.findall(f"{XS}element") if seq is not None else []:
            max_ = e.get("maxOccurs", "1")
            if e.get("type"):
                kind = SIMPLE.get(e.get("type"), TABLE_NAME.get(e.get("type"), e.get("type")))
            else:
                kind = UNIONS[e.find(f"{XS}simpleType/{XS}union").get("memberTypes")]
            out.append((e.get("name"), int(e.get("minOccurs", "1")), UNBOUNDED if max_ == "unbounded" else int(max_),
                        kind))  # fmt: skip
        return base + out

    return {TABLE_NAME.get(n, n): sequence(t) for n, t in types.items() if n not in ("mdtoType", "objectType")}


def test_table_equals_the_xsd(xsd_path: Path) -> None:
    expected = xsd_sequences(xsd_path)
    table = {n: [(e.xml, e.min, e.max, e.type) for e in t.elements] for n, t in mdto_xml_mapping().types.items()}
    assert set(table) == set(expected)
    for name, elements in expected.items():
        assert table[name] == elements, name


def test_every_element_has_an_mdto_property_and_groups_a_class() -> None:
    m = mdto_xml_mapping()
    for t in m.types.values():
        assert t.cls.startswith("http://www.nationaalarchief.nl/mdto#")
        for e in t.elements:
            assert e.rdf.startswith("http://www.nationaalarchief.nl/mdto#")
    dekking = {e.xml: str(e.rdf).split("#")[1] for e in m.types["dekkingInTijdGegevens"].elements}
    assert dekking["dekkingInTijdBegindatum"] == "dekkingInTijdBeginDatum"
    assert dekking["dekkingInTijdEinddatum"] == "dekkingInTijdEindDatum"
