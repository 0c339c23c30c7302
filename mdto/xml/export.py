"""RDF -> MDTO XML: one informatieobject or bestand becomes one `<MDTO>` document, walked by the mapping table.

`graph_to_xml` is pure (an rdflib graph in, bytes out); `export_document` fetches what it needs from a store.
Values are written as the table says: leaf values in their stored lexical form, gegevensgroepen as nested
elements, concepts (IRIs of our schemes or blank BegripGegevens) with begripLabel/begripCode/begripBegrippenlijst,
and references to other resources (actors, informatieobjecten, bestanden, processes) as verwijzingNaam (their
mdto:naam) plus verwijzingIdentificatie (their primary identificatie, see `primary_identificatie`).

Repeated elements (several trefwoorden, identificaties, events...) come out sorted by their serialised form: RDF
keeps no order among the values of one property, so the export fixes one, the same every time.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox
from lxml import etree
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from mdto.namespaces import MDTO
from mdto.store import EmbeddedStore, Store
from mdto.terms import from_ox
from mdto.terms import iri as q_iri
from mdto.xml.mapping import MdtoXmlMapping, TypeSpec, mdto_xml_mapping
from mdto.xml.parse import validate
from mdto.xml.triples import Triples

XSI = "http://www.w3.org/2001/XMLSchema-instance"
AnyGraph = Graph | Triples  # the writer reads either
_VERWIJZING_NAAM, _NAAM, _IDENTIFICATIE = MDTO.verwijzingNaam, MDTO.naam, MDTO.identificatie
_KENMERK, _BRON = MDTO.identificatieKenmerk, MDTO.identificatieBron
REGISTER_BRON = "Serieregister"


def root_type(graph: AnyGraph, iri: URIRef) -> str:
    """`bestand` for an mdto:Bestand, else `informatieobject`."""
    return "bestand" if (iri, RDF.type, MDTO.Bestand) in graph else "informatieobject"


def identificaties(graph: AnyGraph, node: Node) -> list[tuple[str, str]]:
    """(kenmerk, bron) of every complete identificatie of `node`."""
    out = []
    for ident in graph.objects(node, _IDENTIFICATIE):
        kenmerk, bron = graph.value(ident, _KENMERK), graph.value(ident, _BRON)
        if kenmerk is not None and bron is not None:
            out.append((str(kenmerk), str(bron)))
    return out


def primary_identificatie(ids: Iterable[tuple[str, str]]) -> tuple[str, str] | None:
    """The identificatie a reference to an object carries: the register's own first, then the smallest."""
    ranked = sorted(ids, key=lambda kb: (kb[1] != REGISTER_BRON, kb[1], kb[0]))
    return ranked[0] if ranked else None


def reference_name(graph: AnyGraph, node: Node) -> str:
    """What verwijzingNaam says about a resource: its mdto:naam, else a Dutch prefLabel, else its IRI."""
    for value in (graph.value(node, _NAAM), _pref_label(graph, node)):
        if value is not None and str(value).strip():
            return str(value)
    return str(node)


def _pref_label(graph: AnyGraph, node: Node) -> Literal | None:
    labels = list(graph.objects(node, SKOS.prefLabel))
    for label in labels:
        if isinstance(label, Literal) and label.language == "nl":
            return label
    return labels[0] if labels else None


class _Writer:
    def __init__(self, graph: Triples, mapping: MdtoXmlMapping):
        self.graph, self.m = graph, mapping

    def fill(self, parent: etree._Element, node: Node, spec: TypeSpec) -> None:
        props = self.graph.properties(node)
        if spec.name == "verwijzingGegevens" and isinstance(node, URIRef) and _VERWIJZING_NAAM not in props:
            self._reference(parent, node)
            return
        for element in spec.elements:
            values = props.get(element.rdf)
            if not values:
                continue
            children = []
            for value in values:
                child = etree.Element(self.m.q(element.xml))
                if element.is_leaf:
                    if not isinstance(value, Literal) or not str(value).strip():
                        continue  # MDTO allows no empty strings
                    child.text = str(value)
                else:
                    self.fill(child, value, self.m.types[element.type])
                    if len(child) == 0:
                        continue
                children.append(child)
            if element.repeats and len(children) > 1:
                children.sort(key=etree.tostring)
            parent.extend(children)

    def _reference(self, parent: etree._Element, node: URIRef) -> None:
        etree.SubElement(parent, self.m.q("verwijzingNaam")).text = reference_name(self.graph, node)
        primary = primary_identificatie(identificaties(self.graph, node))
        if primary:
            ident = etree.SubElement(parent, self.m.q("verwijzingIdentificatie"))
            etree.SubElement(ident, self.m.q("identificatieKenmerk")).text = primary[0]
            etree.SubElement(ident, self.m.q("identificatieBron")).text = primary[1]


def graph_to_element(graph: AnyGraph, iri: URIRef, mapping: MdtoXmlMapping | None = None) -> etree._Element:
    """The `<MDTO>` element for `iri`, from a graph that holds its description and those of what it refers to."""
    m = mapping or mdto_xml_mapping()
    if not isinstance(graph, Triples):
        graph = Triples.from_graph(graph)
    root = etree.Element(m.q("MDTO"), nsmap={None: m.namespace, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", m.schema_location)
    kind = root_type(graph, iri)
    body = etree.SubElement(root, m.q(kind))
    _Writer(graph, m).fill(body, iri, m.types[kind])
    return root


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def graph_to_xml(graph: AnyGraph, iri: URIRef, xsd_path: Path | None = None) -> bytes:
    """One MDTO XML document as bytes; validated against the XSD when `xsd_path` is given."""
    root = graph_to_element(graph, iri)
    if xsd_path is not None:
        validate(etree.ElementTree(root), xsd_path, str(iri))
    return serialize(root)


def _describe_query(depth: int) -> str:
    """CONSTRUCT of resources with their blank gegevensgroepen nested up to `depth` deep: MDTO nests up to six
    (beperkingGebruik > beperkingGebruikTermijn > termijnTriggerStartLooptijd > begripBegrippenlijst >
    verwijzingIdentificatie > identificatieKenmerk), deeper than the register's generic describe."""
    template = " ".join(f"?o{i} ?p{i + 1} ?o{i + 1} ." for i in range(depth))
    where = ""
    for i in range(depth, 0, -1):
        where = f" OPTIONAL {{ FILTER(isBlank(?o{i})) ?o{i} ?p{i + 1} ?o{i + 1} .{where} }}"
    return f"CONSTRUCT {{ ?o0 ?p1 ?o1 . {template} }} WHERE {{ VALUES ?o0 {{ %s }} ?o0 ?p1 ?o1 .{where} }}"


_DESCRIBE = _describe_query(6)


def describe(store: Store, iris: Sequence[URIRef], graphs: Sequence[str]) -> Triples:
    """Resources and every blank node under them, in `graphs`.

    On the embedded store this walks pyoxigraph's quad index directly (blank nodes can be looked up there, not in
    SPARQL), which is about a hundred times faster than the CONSTRUCT that a remote endpoint gets: Oxigraph joins
    VALUES and nested blank-node patterns by scanning.
    """
    if isinstance(store, EmbeddedStore):
        return _describe_embedded(store.oxigraph, iris, graphs)
    out = Triples()
    for triple in store.construct(_DESCRIBE % " ".join(q_iri(str(i)) for i in iris), default_graphs=graphs):
        out.add(triple)
    return out


def _describe_embedded(ox_store: ox.Store, iris: Sequence[URIRef], graphs: Sequence[str]) -> Triples:
    out = Triples()
    named = [ox.NamedNode(g) for g in graphs]
    todo: list = [(ox.NamedNode(str(i)), g) for i in iris for g in named]
    seen = set()
    while todo:
        subject, graph = todo.pop()
        if (subject, graph) in seen:
            continue
        seen.add((subject, graph))
        for quad in ox_store.quads_for_pattern(subject, None, None, graph):
            out.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
            if isinstance(quad.object, ox.BlankNode):
                todo.append((quad.object, graph))
    return out


class Describer:
    """Fetches the descriptions an export needs: the objects themselves and, transitively, what they refer to
    (actors, concepts and their schemes, parents, bestanden).

    Descriptions of referenced resources are kept in a bounded LRU cache, so that a package of many objects that
    share the same actors and concepts asks for them once, without the cache growing with the package.
    """

    def __init__(self, store: Store, graphs: Sequence[str], cache_size: int = 4096):
        self.store, self.graphs, self.cache_size = store, list(graphs), cache_size
        self._cache: OrderedDict[URIRef, Triples] = OrderedDict()

    def graph_for(self, iris: Sequence[URIRef]) -> Triples:
        graph = describe(self.store, iris, self.graphs) if iris else Triples()
        seen = set(iris)
        frontier = _referenced(graph) - seen
        for _ in range(3):  # object -> resource -> concept -> scheme
            if not frontier:
                break
            missing = [i for i in frontier if i not in self._cache]
            if missing:
                fetched = describe(self.store, missing, self.graphs)
                for i in missing:
                    self._remember(i, _subgraph(fetched, i))
            new: set[URIRef] = set()
            for i in frontier:
                part = self._cache[i]
                self._cache.move_to_end(i)
                graph.merge(part)
                new |= _referenced(part)
            seen |= frontier
            frontier = new - seen
        return graph

    def _remember(self, iri: URIRef, graph: Triples) -> None:
        self._cache[iri] = graph
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)


def _referenced(graph: Triples) -> set[URIRef]:
    """IRIs that the described resources point at through MDTO properties (not rdf:type)."""
    return {o for _, p, o in graph if isinstance(o, URIRef) and p != RDF.type and str(p).startswith(str(MDTO))}


def _subgraph(graph: Triples, iri: URIRef) -> Triples:
    """`iri`'s triples and the blank nodes under it."""
    out, todo, seen = Triples(), [iri], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in graph.predicate_objects(node):
            out.add((node, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return out


def export_document(store: Store, iri: str | URIRef, graphs: Sequence[str], xsd_path: Path | None = None) -> bytes:
    """The MDTO XML of one resource in `graphs`; LookupError when it is not there."""
    iri = URIRef(str(iri))
    graph = Describer(store, graphs).graph_for([iri])
    if (iri, MDTO.naam, None) not in graph:
        raise LookupError(f"{iri} is not an informatieobject or bestand in these graphs")
    return graph_to_xml(graph, iri, xsd_path)
