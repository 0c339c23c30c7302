"""Merging an imported row into the stored description of its resource, and telling whether anything changed.

A row governs only the fields whose columns the uploaded sheet has. Everything else in the stored description
stays as it was: fields whose column was left out, statements the field table does not know (publication
dates, security groups, `bevatOnderdeel`, a second identification from another source) and properties of a
gegevensgroep the table does not cover (e.g. `termijnStartdatumLooptijd` on a bewaartermijn). So re-importing
an exported workbook reproduces the stored description exactly, and a changed cell changes only its field.

Whether a row changes anything is decided on the field values (`unchanged`), through the same model that reads
the stored description: cheaper than comparing graphs, and blind to nothing the row can express.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, BNode, Graph, URIRef
from rdflib.term import Node

from mdto.mapping import GroupSpec
from mdto.model import RESOURCE_CLASSES, Resource
from mdto.namespaces import MDTO


def stored_resource(kind: str, iri: URIRef, stored: Graph) -> Resource | None:
    return Resource.from_graph(stored, iri, kind) if (iri, None, None) in stored else None


def unchanged(row: Resource, old: Resource, governed: Iterable[str]) -> bool:
    """Whether the row's governed fields hold exactly the stored values (repeated values in any order)."""
    for key in governed:
        new_value, old_value = row.get(key), old.get(key)
        if isinstance(new_value, list):
            if set(new_value) != set(old_value or []):
                return False
        elif new_value != old_value:
            return False
    return True


def merged_resource(row: Resource, old: Resource, governed: Iterable[str]) -> Resource:
    """The row's values for the governed fields, the stored values for the others."""
    governed = set(governed)
    merged = RESOURCE_CLASSES[row.kind](row.iri)
    for spec in merged.fields():
        value = (row if spec.key in governed else old).get(spec.key)
        if value is not None and value != []:
            merged.set(spec.key, value)
    return merged


def merged_description(resource: Resource, stored: Graph) -> Graph:
    """The resource's graph plus whatever the stored description holds that the field table does not cover."""
    out = resource.to_graph()
    iri = resource.iri
    fields = resource.fields()
    direct = {f.path for f in fields if f.group is None} | {MDTO.aggregatieniveau}
    groups = {f.group.name: f.group for f in fields if f.group is not None}
    group_fields = {name: {f.path for f in fields if f.group is not None and f.group.name == name} for name in groups}
    for p, o in stored.predicate_objects(iri):
        if p in direct:
            continue
        group = _matching_group(stored, o, p, groups.values()) if isinstance(o, BNode) else None
        if group is None:
            out.add((iri, p, o))
            _copy_tree(stored, o, out)
            continue
        known = {RDF.type, *group.fixed, *group_fields[group.name]}
        extras = [(q, v) for q, v in stored.predicate_objects(o) if q not in known]
        if extras:
            node = _group_node(out, iri, group)
            for q, v in extras:
                out.add((node, q, v))
                _copy_tree(stored, v, out)
    return out


def _matching_group(g: Graph, node: Node, path: Node, groups: Iterable[GroupSpec]) -> GroupSpec | None:
    for group in groups:
        if group.path == path and all((node, p, o) in g for p, o in group.fixed.items()):
            return group
    return None


def _group_node(out: Graph, iri: URIRef, group: GroupSpec) -> Node:
    for node in out.objects(iri, group.path):
        if all((node, p, o) in out for p, o in group.fixed.items()):
            return node
    node = BNode()
    out.add((iri, group.path, node))
    out.add((node, RDF.type, group.cls))
    for p, o in group.fixed.items():
        out.add((node, p, o))
    return node


def _copy_tree(src: Graph, node: Node, out: Graph) -> None:
    if not isinstance(node, BNode):
        return
    for p, o in src.predicate_objects(node):
        out.add((node, p, o))
        _copy_tree(src, o, out)
