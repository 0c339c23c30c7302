"""The register's field table (`mappings/register.toml`), loaded once into typed specs.

Every module that needs to know which fields a series has (model, JSON API, forms, spreadsheet, docs) asks
here; the field list exists only in the TOML file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache

from rdflib import Literal, URIRef
from rdflib.term import Node

from mdto import resources
from mdto.namespaces import expand

VALUE_TYPES = {
    "string", "text", "date", "datetime", "duration", "boolean", "integer", "uri", "language",
    "concept", "actor", "process", "resource",
}  # fmt: skip
IRI_TYPES = {"concept", "actor", "process", "resource"}


@dataclass(frozen=True)
class GroupSpec:
    """A gegevensgroep: a blank node on `path`, typed `cls`, recognised by its `fixed` values."""

    name: str
    path: URIRef
    cls: URIRef
    fixed: dict[URIRef, Node] = field(default_factory=dict)


@dataclass(frozen=True)
class FieldSpec:
    key: str
    kinds: tuple[str, ...]
    path: URIRef
    type: str
    label_nl: str
    label_en: str
    help_nl: str = ""
    help_en: str = ""
    group: GroupSpec | None = None
    many: bool = False
    required: str | None = None  # "always" | "publish" | None
    scheme: str | None = None
    target: str | None = None

    @property
    def is_iri(self) -> bool:
        return self.type in IRI_TYPES

    def label(self, lang: str = "nl") -> str:
        return self.label_en if lang == "en" else self.label_nl


@dataclass(frozen=True)
class KindSpec:
    name: str
    classes: tuple[URIRef, ...]
    label_nl: str
    label_en: str
    aggregatieniveau: URIRef | None = None
    parent: str | None = None


@dataclass(frozen=True)
class RegisterMapping:
    kinds: dict[str, KindSpec]
    groups: dict[str, GroupSpec]
    fields: tuple[FieldSpec, ...]

    def __post_init__(self) -> None:
        # Resource.get/set ask for fields on every call: index them once per kind instead of scanning the table.
        by_kind = {k: [f for f in self.fields if k in f.kinds] for k in self.kinds}
        object.__setattr__(self, "_by_kind", by_kind)
        object.__setattr__(self, "_by_key", {(k, f.key): f for k, fs in by_kind.items() for f in fs})

    def fields_for(self, kind: str) -> list[FieldSpec]:
        return list(self._by_kind.get(kind, ()))  # type: ignore[attr-defined]

    def field(self, kind: str, key: str) -> FieldSpec:
        try:
            return self._by_key[(kind, key)]  # type: ignore[attr-defined]
        except KeyError:
            raise KeyError(f"{kind} has no field {key!r}") from None


@cache
def register_mapping() -> RegisterMapping:
    return parse_mapping(resources.path("mappings", "register.toml").read_text(encoding="utf-8"))


def parse_mapping(text: str) -> RegisterMapping:
    raw = tomllib.loads(text)
    groups = {
        name: GroupSpec(
            name,
            expand(g["path"]),
            expand(g["class"]),
            {expand(k): expand(v) for k, v in g.get("fixed_iri", {}).items()}
            | {expand(k): Literal(v) for k, v in g.get("fixed_literal", {}).items()},
        )
        for name, g in raw.get("groups", {}).items()
    }
    kinds = {
        name: KindSpec(
            name,
            tuple(expand(c) for c in k["class"]),
            k["label_nl"],
            k["label_en"],
            expand(k["aggregatieniveau"]) if "aggregatieniveau" in k else None,
            k.get("parent"),
        )
        for name, k in raw["kinds"].items()
    }
    fields = []
    for f in raw["field"]:
        if f["type"] not in VALUE_TYPES:
            raise ValueError(f"mappings/register.toml: field {f['key']}: unknown type {f['type']!r}")
        unknown = set(f["kinds"]) - set(kinds)
        if unknown:
            raise ValueError(f"mappings/register.toml: field {f['key']}: unknown kinds {sorted(unknown)}")
        fields.append(
            FieldSpec(
                key=f["key"],
                kinds=tuple(f["kinds"]),
                path=expand(f["path"]),
                type=f["type"],
                label_nl=f["label_nl"],
                label_en=f["label_en"],
                help_nl=f.get("help_nl", ""),
                help_en=f.get("help_en", ""),
                group=groups[f["group"]] if "group" in f else None,
                many=bool(f.get("many", False)),
                required=f.get("required"),
                scheme=f.get("scheme"),
                target=f.get("target"),
            )
        )
    return RegisterMapping(kinds, groups, tuple(fields))
