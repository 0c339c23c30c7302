"""The validation report: pyshacl's SHACL results turned into something a person can act on.

Each result names the resource (the series, dossier, ... a blank gegevensgroep node belongs to), the field by its
label in `mappings/register.toml` (or the shape's sh:name), the value found, what would be valid, the severity and
the message in Dutch and English. Only sh:Violation makes a report fail; warnings and infos are reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, SKOS
from rdflib.term import Node

from mdto.mapping import FieldSpec, register_mapping
from mdto.model import kind_of
from mdto.namespaces import MDTO, PREFIXES

SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Text:
    """A text in Dutch and English."""

    nl: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl


@dataclass(frozen=True)
class ValidationResult:
    resource: Node  # the series, dossier, ... the result is about (owner of a blank group node)
    resource_label: str
    focus: Node  # the node the shape looked at: the resource itself or one of its gegevensgroep nodes
    path: str | None  # prefixed property path, e.g. "mdto:naam" or "mdto:bewaartermijn/mdto:termijnLooptijd"
    field: Text  # the field's label
    value: Node | None
    value_label: str | None
    expected: Text
    severity: str  # Violation | Warning | Info
    message: Text
    component: str  # e.g. "MinCountConstraintComponent"
    shape: Node | None

    def to_dict(self) -> dict[str, object]:
        return {
            "resource": str(self.resource),
            "resourceLabel": self.resource_label,
            "focusNode": str(self.focus),
            "path": self.path,
            "field": {"nl": self.field.nl, "en": self.field.en},
            "value": None if self.value is None else str(self.value),
            "valueLabel": self.value_label,
            "expected": {"nl": self.expected.nl, "en": self.expected.en},
            "severity": self.severity,
            "message": {"nl": self.message.nl, "en": self.message.en},
            "constraintComponent": self.component,
            "sourceShape": None if self.shape is None or isinstance(self.shape, BNode) else str(self.shape),
        }


@dataclass
class ValidationReport:
    profile: str
    results: list[ValidationResult]
    graph: Graph  # the SHACL validation report graph, limited to the reported results
    resources: list[Node] = field(default_factory=list)  # every resource that was validated
    labels: dict[Node, str] = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        return not self.violations

    def by_severity(self, severity: str) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == severity]

    @property
    def violations(self) -> list[ValidationResult]:
        return self.by_severity("Violation")

    def by_resource(self) -> dict[Node, list[ValidationResult]]:
        out: dict[Node, list[ValidationResult]] = {}
        for r in sorted(self.results, key=lambda r: (str(r.resource), SEVERITIES.index(r.severity), r.path or "")):
            out.setdefault(r.resource, []).append(r)
        return out

    def counts(self) -> dict[str, int]:
        return {s.lower() + "s": len(self.by_severity(s)) for s in SEVERITIES}

    def to_dict(self) -> dict[str, object]:
        return {
            "conforms": self.conforms,
            "profile": self.profile,
            "counts": self.counts(),
            "resources": len(self.resources),
            "results": [r.to_dict() for r in self.results],
        }


# ------------------------------------------------------------------------------------------ building a report


def build_report(results: Graph, data: Graph, shapes: Graph, profile: str, own: set[Node]) -> ValidationReport:
    """Turn pyshacl's report graph into a ValidationReport; results about nodes outside `own` are dropped."""
    kept: list[ValidationResult] = []
    report_node = results.value(predicate=RDF.type, object=SH.ValidationReport)
    for node in list(results.objects(report_node, SH.result)):
        focus = results.value(node, SH.focusNode)
        if focus not in own:
            _remove(results, report_node, node)
            continue
        kept.append(_result(results, node, data, shapes))
    conforms = not any(r.severity == "Violation" for r in kept)
    results.set((report_node, SH.conforms, Literal(conforms)))
    resources = sorted((s for s in own if isinstance(s, URIRef) and (s, RDF.type, None) in data), key=str) or sorted(
        {r.resource for r in kept}, key=str
    )
    labels = {r: label(data, r) for r in resources}
    return ValidationReport(profile, kept, results, resources, labels)


def _remove(results: Graph, report: Node, node: Node) -> None:
    results.remove((report, SH.result, node))
    todo = [node]
    while todo:
        n = todo.pop()
        for p, o in list(results.predicate_objects(n)):
            results.remove((n, p, o))
            if isinstance(o, BNode) and p != SH.resultPath:
                todo.append(o)


def _result(results: Graph, node: Node, data: Graph, shapes: Graph) -> ValidationResult:
    focus = results.value(node, SH.focusNode)
    path_node = results.value(node, SH.resultPath)
    path = _path_terms(results, path_node)
    value = results.value(node, SH.value)
    shape = results.value(node, SH.sourceShape)
    component = _local(results.value(node, SH.sourceConstraintComponent))
    severity = _local(results.value(node, SH.resultSeverity)) or "Violation"
    resource, group_path = owner(data, focus)
    messages = {m.language or "": str(m) for m in results.objects(node, SH.resultMessage)}
    fallback = messages.get("") or next(iter(messages.values()), component)
    return ValidationResult(
        resource=resource,
        resource_label=label(data, resource),
        focus=focus,
        path="/".join(prefixed(p) for p in path) if path else None,
        field=field_label(data, resource, focus, group_path, path, shapes, shape),
        value=value,
        value_label=None if value is None else label(data, value),
        expected=expected(shapes, shape, component, results, node),
        severity=severity,
        message=Text(messages.get("nl", fallback), messages.get("en", fallback)),
        component=component,
        shape=shape,
    )


def _path_terms(g: Graph, path: Node | None) -> list[URIRef]:
    if path is None:
        return []
    if isinstance(path, URIRef):
        return [path]
    if (path, RDF.first, None) in g:
        return [p for p in Collection(g, path) if isinstance(p, URIRef)]
    return []  # inverse or other complex paths: no field label, the shape's name is used


def owner(data: Graph, node: Node) -> tuple[Node, URIRef | None]:
    """The resource a (blank) node belongs to, and the property that leads from it to the node's group."""
    group_path = None
    current = node
    for _ in range(6):
        if not isinstance(current, BNode):
            break
        parent = next(iter(data.subject_predicates(current)), None)
        if parent is None:
            break
        current, group_path = parent[0], parent[1]
    return current, group_path


def field_label(
    data: Graph,
    resource: Node,
    focus: Node,
    group_path: URIRef | None,
    path: list[URIRef],
    shapes: Graph,
    shape: Node | None,
) -> Text:
    """The field's label from the mapping table when it knows the property, else the shape's sh:name."""
    spec = _field_spec(data, resource, focus, group_path, path)
    if spec is not None:
        return Text(spec.label_nl, spec.label_en)
    names = {n.language or "": str(n) for n in shapes.objects(shape, SH.name)} if shape is not None else {}
    if names:
        any_name = next(iter(names.values()))
        return Text(names.get("nl", any_name), names.get("en", any_name))
    text = "/".join(prefixed(p) for p in path) or "-"
    return Text(text, text)


def _field_spec(
    data: Graph, resource: Node, focus: Node, group_path: URIRef | None, path: list[URIRef]
) -> FieldSpec | None:
    if not path:
        return None
    if len(path) == 2:  # a path through a group: (mdto:bewaartermijn mdto:termijnTriggerStartLooptijd)
        group_path, prop = path
    else:
        prop = path[-1]
    kind = kind_of(data, resource) if isinstance(resource, URIRef) else None
    mapping = register_mapping()
    candidates = [f for f in mapping.fields if f.path == prop and (kind is None or kind in f.kinds)]
    if group_path is not None:
        grouped = [f for f in candidates if f.group is not None and f.group.path == group_path]
        matching = [
            f
            for f in grouped
            if all((focus, p, o) in data for p, o in f.group.fixed.items())  # type: ignore[union-attr]
        ]
        candidates = matching or grouped or candidates
    else:
        candidates = [f for f in candidates if f.group is None] or candidates
    return candidates[0] if candidates else None


_COMPONENT_TEXT = {  # noqa: E501
    "MinCountConstraintComponent": ("minstens {n} waarde(n)", "at least {n} value(s)", SH.minCount),
    "MaxCountConstraintComponent": ("hoogstens {n} waarde(n)", "at most {n} value(s)", SH.maxCount),
    "DatatypeConstraintComponent": ("een waarde van type {n}", "a value of type {n}", SH.datatype),
    "ClassConstraintComponent": ("een instantie van {n}", "an instance of {n}", SH["class"]),
    "HasValueConstraintComponent": ("de waarde {n}", "the value {n}", SH.hasValue),
    "NodeKindConstraintComponent": ("een knoop van soort {n}", "a node of kind {n}", SH.nodeKind),
    "MinLengthConstraintComponent": ("minstens {n} teken(s)", "at least {n} character(s)", SH.minLength),
    "QualifiedMinCountConstraintComponent": ("minstens {n} zoals", "at least {n} value(s) like", SH.qualifiedMinCount),
    "QualifiedMaxCountConstraintComponent": ("hoogstens {n} zoals", "at most {n} value(s) like", SH.qualifiedMaxCount),
}  # fmt: skip


def expected(shapes: Graph, shape: Node | None, component: str, results: Graph, node: Node) -> Text:
    """What would be valid, from the constraint's parameters; for rules, the shape's description."""
    if shape is None:
        return Text("", "")
    description = {d.language or "": str(d) for d in shapes.objects(shape, SH.description)}
    desc = Text(description.get("nl", description.get("", "")), description.get("en", description.get("", "")))
    if component in _COMPONENT_TEXT:
        nl, en, param = _COMPONENT_TEXT[component]
        value = shapes.value(shape, param)
        if value is not None:
            shown = prefixed(value) if isinstance(value, URIRef) else str(value)
            text = Text(nl.format(n=shown), en.format(n=shown))
            if component.startswith("Qualified"):
                inner = shapes.value(shape, SH.qualifiedValueShape)
                inner_desc = {d.language or "": str(d) for d in shapes.objects(inner, SH.description)}
                if inner_desc:
                    text = Text(f"{text.nl}: {inner_desc.get('nl', '')}", f"{text.en}: {inner_desc.get('en', '')}")
            return text
    if component == "PatternConstraintComponent":
        pattern = str(shapes.value(shape, SH.pattern))
        if pattern == "\\S":
            return Text("een niet-lege tekst", "a non-empty text")
        return Text(f"een tekst volgens het patroon {pattern}", f"a text matching the pattern {pattern}")
    if component == "OrConstraintComponent":
        datatypes = [
            prefixed(dt)
            for alternative in Collection(shapes, shapes.value(shape, SH["or"]))
            for dt in shapes.objects(alternative, SH.datatype)
        ]
        if datatypes:
            joined = ", ".join(datatypes)
            return Text(f"een waarde van type {joined}", f"a value of type {joined}")
    if component == "NodeConstraintComponent":
        inner = shapes.value(shape, SH.node)
        inner_desc = {d.language or "": str(d) for d in shapes.objects(inner, SH.description)}
        if inner_desc:
            return Text(inner_desc.get("nl", ""), inner_desc.get("en", ""))
    return desc


# ------------------------------------------------------------------------------------------ display helpers


def prefixed(term: Node) -> str:
    text = str(term)
    for prefix, ns in PREFIXES.items():
        if text.startswith(str(ns)):
            return f"{prefix}:{text[len(str(ns)) :]}"
    if text.startswith(str(SH)):
        return "sh:" + text[len(str(SH)) :]
    return text


def _local(term: Node | None) -> str:
    if term is None:
        return ""
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def label(data: Graph, node: Node, lang: str = "nl") -> str:
    """A label for a resource or value: prefLabel in `lang`, mdto:naam, begripLabel, else the term itself."""
    if isinstance(node, Literal):
        return str(node)
    for pref in data.objects(node, SKOS.prefLabel):
        if getattr(pref, "language", None) == lang:
            return str(pref)
    for prop in (MDTO.naam, MDTO.begripLabel, SKOS.prefLabel, MDTO.verwijzingNaam):
        value = data.value(node, prop)
        if value is not None:
            return str(value)
    if isinstance(node, BNode):
        cls = data.value(node, RDF.type)
        return f"[{prefixed(cls)}]" if cls is not None else "[gegevensgroep]"
    return prefixed(node)
