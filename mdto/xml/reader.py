"""MDTO XML -> RDF: documents become gegevensgroep-encoded resources (docs/model.md), walked by the mapping table.

Reading checks what the table says (element names, order, cardinality, value types) and reports the line and the
element path of the first violation, so that a document is refused with a precise message even when no XSD is
configured. Concept values that match one of the register's concepts exactly (same list name, label and code)
become that concept's IRI; others stay blank BegripGegevens nodes with their own label, code and list, so that
nothing is lost. References are resolved later, by `mdto.xml.imports`, once the whole package is known.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from mdto.namespaces import MDTO
from mdto.xml.errors import InvalidDocument
from mdto.xml.export import identificaties
from mdto.xml.mapping import UNBOUNDED, MdtoXmlMapping, TypeSpec, leaf_datatype, mdto_xml_mapping
from mdto.xml.triples import Triples

ConceptKey = tuple[str, str | None, str, tuple[str, str] | None]  # label, code, list name, list identificatie


@dataclass
class ReadObject:
    """One document read into RDF about a placeholder subject, before IRIs are minted and references resolved."""

    source: str
    kind: str  # "informatieobject" | "bestand"
    subject: URIRef
    graph: Triples
    aggregatieniveau: str | None = None
    # blank VerwijzingGegevens that may point at a resource, with the (subject, property) that holds them
    references: list[tuple[Node, URIRef, BNode]] = field(default_factory=list)

    @property
    def naam(self) -> str:
        return str(self.graph.value(self.subject, MDTO.naam))

    @property
    def identificaties(self) -> list[tuple[str, str]]:
        return identificaties(self.graph, self.subject)


class DocumentReader:
    def __init__(self, concepts: dict[ConceptKey, tuple[URIRef, str]], mapping: MdtoXmlMapping | None = None):
        """`concepts`: the register's concepts by what their export writes, with their scheme slug."""
        self.m = mapping or mdto_xml_mapping()
        self.concepts = concepts

    def read(self, tree: etree._ElementTree, source: str, subject: URIRef) -> ReadObject:
        root = tree.getroot()
        if root.tag != self.m.q("MDTO"):
            raise InvalidDocument(
                f"the root element must be MDTO in namespace {self.m.namespace}, found {root.tag}",
                source,
                root.sourceline,
            )
        children = _elements(root)
        if len(children) != 1 or etree.QName(children[0]).localname not in ("informatieobject", "bestand"):
            raise InvalidDocument(
                "MDTO must contain exactly one informatieobject or bestand", source, root.sourceline, "/MDTO"
            )
        body = children[0]
        kind = etree.QName(body).localname
        obj = ReadObject(source, kind, subject, Triples())
        obj.graph.add((subject, RDF.type, self.m.types[kind].cls))
        self._fill(body, self.m.types[kind], subject, obj, f"/MDTO/{kind}")
        level = body.find(f"{self.m.q('aggregatieniveau')}/{self.m.q('begripLabel')}")
        obj.aggregatieniveau = level.text if level is not None else None
        return obj

    def _fill(self, el: etree._Element, spec: TypeSpec, node: Node, obj: ReadObject, path: str) -> None:
        position, counts = 0, [0] * len(spec.elements)
        for child in _elements(el):
            qname = etree.QName(child)
            found = spec.element(qname.localname) if qname.namespace == self.m.namespace else None
            here = f"{path}/{qname.localname}"
            if found is None:
                allowed = ", ".join(e.xml for e in spec.elements)
                raise InvalidDocument(
                    f"unexpected element {qname.localname!r} in {spec.name}; allowed: {allowed}",
                    obj.source,
                    child.sourceline,
                    here,
                )
            index, element = found
            if index < position:
                raise InvalidDocument(
                    f"element {element.xml!r} is out of order: it must come before {spec.elements[position].xml!r}",
                    obj.source,
                    child.sourceline,
                    here,
                )
            position = index
            counts[index] += 1
            if element.max != UNBOUNDED and counts[index] > element.max:
                raise InvalidDocument(
                    f"element {element.xml!r} may occur at most {element.max} time(s)",
                    obj.source,
                    child.sourceline,
                    here,
                )
            value = self._value(child, element, obj, here)
            obj.graph.add((node, element.rdf, value))
            if element.type == "verwijzingGegevens" and element.xml != "begripBegrippenlijst":
                obj.references.append((node, element.rdf, value))
        for element, count in zip(spec.elements, counts, strict=True):
            if count < element.min:
                raise InvalidDocument(
                    f"{spec.name} needs element {element.xml!r} (at least {element.min})",
                    obj.source,
                    el.sourceline,
                    path,
                )

    def _value(self, child: etree._Element, element, obj: ReadObject, path: str) -> Node:
        if element.is_leaf:
            if len(child):
                raise InvalidDocument(
                    f"{element.xml!r} holds a value, not elements", obj.source, child.sourceline, path
                )
            text = child.text or ""
            if element.type != "string":
                text = text.strip()
            if not text.strip():
                raise InvalidDocument(
                    f"{element.xml!r} is empty; MDTO allows no empty values", obj.source, child.sourceline, path
                )
            datatype = leaf_datatype(element.type, text)
            if datatype is None:
                raise InvalidDocument(
                    f"{text!r} is not a valid {element.type} value for {element.xml!r}",
                    obj.source,
                    child.sourceline,
                    path,
                )
            return Literal(text) if datatype == XSD.string else Literal(text, datatype=datatype)
        spec = self.m.types[element.type]
        node = BNode()
        obj.graph.add((node, RDF.type, spec.cls))
        self._fill(child, spec, node, obj, path)  # checks the group even when it becomes a concept IRI
        if spec.name == "begripGegevens" and (concept := self._concept(child, element.list)) is not None:
            obj.graph.remove_tree(node)
            return concept
        return node

    def _concept(self, el: etree._Element, scheme: str | None) -> URIRef | None:
        """The register's concept that exports exactly as this begripGegevens element, if any."""
        q = self.m.q
        ident = el.find(f"{q('begripBegrippenlijst')}/{q('verwijzingIdentificatie')}")
        list_id = None
        if ident is not None:
            list_id = (ident.findtext(q("identificatieKenmerk")), ident.findtext(q("identificatieBron")))
        key = (
            el.findtext(q("begripLabel")),
            el.findtext(q("begripCode")),
            el.findtext(f"{q('begripBegrippenlijst')}/{q('verwijzingNaam')}"),
            list_id,
        )
        match = self.concepts.get(key)  # type: ignore[arg-type]
        if match is None or (scheme is not None and match[1] != scheme):
            return None
        return match[0]


def _elements(el: etree._Element) -> list[etree._Element]:
    """Child elements, without comments and processing instructions."""
    return [c for c in el if isinstance(c.tag, str)]
