"""Typed Python access to series, dossiers, stukken, bestanden, actors and concepts.

The field list is not repeated here: `Resource` reads `mappings/register.toml` and turns a resource's RDF into
values and back. RDF stays the source of truth; a `Resource` is a view on one resource's description (the
resource and its blank gegevensgroep nodes).

    serie = Serie.new("leuven-verzekeringen", naam="Dossiers over ...", waardering=concept_iri("waarderingen", "v"))
    graph = serie.to_graph()
    again = Serie.from_graph(graph, serie.iri)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from rdflib import RDF, BNode, Graph, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from mdto.mapping import FieldSpec, GroupSpec, KindSpec, RegisterMapping, register_mapping
from mdto.namespaces import MDTO, resource_iri
from mdto.values import from_term, to_literal


class Resource:
    """One informatieobject or bestand, described by the fields of its kind in the mapping table."""

    kind: ClassVar[str] = ""

    def __init__(self, iri: URIRef, values: dict[str, Any] | None = None, kind: str | None = None):
        self.iri = URIRef(iri)
        if kind:
            self.kind = kind  # type: ignore[misc]
        if not self.kind:
            raise ValueError("a Resource needs a kind (serie, dossier, stuk or bestand)")
        self._values: dict[str, list[Any]] = {}
        for key, value in (values or {}).items():
            self.set(key, value)

    # -- construction -----------------------------------------------------------------------------------
    @classmethod
    def new(cls, slug: str, **values: Any) -> Resource:
        """A resource with a freshly minted IRI and its identificatie set to the slug."""
        values.setdefault("identificatie", slug)
        return cls(resource_iri(cls.kind, slug), values)

    @staticmethod
    def mapping() -> RegisterMapping:
        return register_mapping()

    @property
    def spec(self) -> KindSpec:
        return self.mapping().kinds[self.kind]

    def fields(self) -> list[FieldSpec]:
        return self.mapping().fields_for(self.kind)

    # -- values -------------------------------------------------------------------------------------------
    def set(self, key: str, value: Any) -> None:
        spec = self.mapping().field(self.kind, key)
        if value is None or value == []:
            self._values.pop(key, None)
            return
        items = list(value) if isinstance(value, list | tuple | set) else [value]
        if len(items) > 1 and not spec.many:
            raise ValueError(f"{key}: takes one value, got {len(items)}")
        # check now, so that a bad value fails where it is set and not when the graph is built
        for item in items:
            to_literal(spec.type, item, key)
        self._values[key] = items

    def get(self, key: str) -> Any:
        """The value (or list of values for a repeating field); None or [] when absent."""
        spec = self.mapping().field(self.kind, key)
        items = self._values.get(key, [])
        return list(items) if spec.many else (items[0] if items else None)

    def __getattr__(self, key: str) -> Any:
        if key.startswith("_"):
            raise AttributeError(key)
        try:
            return self.get(key)
        except KeyError:
            raise AttributeError(f"{self.kind} has no field {key!r}") from None

    def values(self) -> dict[str, Any]:
        return {key: self.get(key) for key in self._values}

    # -- RDF ----------------------------------------------------------------------------------------------
    def to_graph(self, graph: Graph | None = None) -> Graph:
        g = graph if graph is not None else Graph()
        for cls in self.spec.classes:
            g.add((self.iri, RDF.type, cls))
        if self.spec.aggregatieniveau is not None:
            g.add((self.iri, MDTO.aggregatieniveau, self.spec.aggregatieniveau))
        group_nodes: dict[str, BNode] = {}
        for spec in self.fields():
            for item in self._values.get(spec.key, []):
                subject = self.iri
                if spec.group is not None:
                    subject = group_nodes.get(spec.group.name) or _new_group(g, self.iri, spec.group)
                    group_nodes[spec.group.name] = subject
                g.add((subject, spec.path, to_literal(spec.type, item, spec.key)))
        return g

    @classmethod
    def from_graph(cls, graph: Graph, iri: URIRef, kind: str | None = None) -> Resource:
        kind = kind or cls.kind or kind_of(graph, iri)
        if kind is None:
            raise ValueError(f"{iri} is not a series, dossier, stuk or bestand in this graph")
        target = RESOURCE_CLASSES.get(kind, Resource)
        res = target.__new__(target)
        Resource.__init__(res, iri, kind=kind)
        for spec in res.fields():
            subjects = [iri] if spec.group is None else _find_groups(graph, iri, spec.group)
            items = [from_term(spec.type, o) for s in subjects for o in graph.objects(s, spec.path)]
            if items:
                res._values[spec.key] = items if spec.many else items[:1]
        return res

    def __repr__(self) -> str:
        return f"<{self.kind} {self.iri}>"


def _new_group(g: Graph, subject: URIRef, group: GroupSpec) -> BNode:
    node = BNode()
    g.add((subject, group.path, node))
    g.add((node, RDF.type, group.cls))
    for p, o in group.fixed.items():
        g.add((node, p, o))
    return node


def _find_groups(g: Graph, subject: URIRef, group: GroupSpec) -> list[Node]:
    """The group nodes on `group.path` whose fixed values all match (e.g. the event of type Creatie)."""
    return [node for node in g.objects(subject, group.path) if all((node, p, o) in g for p, o in group.fixed.items())]


def kind_of(g: Graph, iri: URIRef) -> str | None:
    """serie, dossier, stuk or bestand, from the aggregatieniveau or class; None when neither says."""
    mapping = register_mapping()
    level = g.value(iri, MDTO.aggregatieniveau)
    for spec in mapping.kinds.values():
        if spec.aggregatieniveau is not None and level == spec.aggregatieniveau:
            return spec.name
    if (iri, RDF.type, MDTO.Bestand) in g:
        return "bestand"
    return None


class Serie(Resource):
    kind = "serie"


class Dossier(Resource):
    kind = "dossier"


class Stuk(Resource):
    kind = "stuk"


class Bestand(Resource):
    kind = "bestand"


RESOURCE_CLASSES: dict[str, type[Resource]] = {
    "serie": Serie,
    "dossier": Dossier,
    "stuk": Stuk,
    "bestand": Bestand,
}


@dataclass
class Identification:
    kenmerk: str
    bron: str


@dataclass
class Actor:
    """An organisation or person (mdto:Actor) with its identifiers and names."""

    iri: URIRef
    naam: str
    identificaties: list[Identification] = field(default_factory=list)
    alternatieve_namen: list[str] = field(default_factory=list)

    @classmethod
    def from_graph(cls, g: Graph, iri: URIRef) -> Actor:
        ids = [
            Identification(str(g.value(n, MDTO.identificatieKenmerk)), str(g.value(n, MDTO.identificatieBron)))
            for n in g.objects(iri, MDTO.identificatie)
        ]
        return cls(
            iri,
            str(g.value(iri, MDTO.naam) or g.value(iri, SKOS.prefLabel) or iri),
            ids,
            sorted(str(a) for a in g.objects(iri, SKOS.altLabel)),
        )


@dataclass
class Begrip:
    """A concept as an MDTO begrip value: label, code and the list it comes from."""

    iri: URIRef
    label: str
    code: str | None
    begrippenlijst: URIRef | None

    @classmethod
    def from_graph(cls, g: Graph, iri: URIRef) -> Begrip:
        code = g.value(iri, MDTO.begripCode) or g.value(iri, SKOS.notation)
        return cls(
            iri,
            str(g.value(iri, MDTO.begripLabel) or g.value(iri, SKOS.prefLabel) or iri),
            str(code) if code is not None else None,
            g.value(iri, MDTO.begripBegrippenlijst) or g.value(iri, SKOS.inScheme),  # type: ignore[arg-type]
        )
