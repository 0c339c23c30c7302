"""The spreadsheet layout (`mappings/xlsx.toml`) joined with the field table (`mappings/register.toml`).

xlsx.toml only orders field keys into sheets; everything a column shows (label, help, required, scheme) is read
from the register mapping here, so the template, the import and the export share one definition of a column.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache, cached_property

from mdto import resources
from mdto.mapping import FieldSpec, register_mapping


@dataclass(frozen=True)
class Column:
    spec: FieldSpec

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def header(self) -> str:
        return self.spec.label_nl

    @property
    def required(self) -> bool:
        """Imported rows are validated for submission (profile register): 'always' and 'publish' both count."""
        return self.spec.required in ("always", "publish")


@dataclass(frozen=True)
class SheetLayout:
    kind: str
    sheet: str
    identifier: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return self._by_key[key]

    @cached_property
    def _by_key(self) -> dict[str, Column]:
        return {c.key: c for c in self.columns}

    @property
    def parent_kind(self) -> str | None:
        return register_mapping().kinds[self.kind].parent


@dataclass(frozen=True)
class Layout:
    separator: str
    max_rows: int
    sheets: tuple[SheetLayout, ...]

    def for_kind(self, kind: str) -> SheetLayout:
        return next(s for s in self.sheets if s.kind == kind)

    def for_sheet_name(self, name: str) -> SheetLayout | None:
        wanted = name.strip().casefold()
        return next((s for s in self.sheets if s.sheet.casefold() == wanted), None)


@cache
def spreadsheet_layout() -> Layout:
    return parse_layout(resources.path("mappings", "xlsx.toml").read_text(encoding="utf-8"))


def parse_layout(text: str) -> Layout:
    raw = tomllib.loads(text)
    mapping = register_mapping()
    sheets = []
    for kind, entry in raw["kinds"].items():
        if kind not in mapping.kinds:
            raise ValueError(f"mappings/xlsx.toml: unknown kind {kind!r}")
        keys = entry["columns"]
        if entry["identifier"] not in keys:
            raise ValueError(f"mappings/xlsx.toml: {kind}: the identifier {entry['identifier']!r} needs a column")
        if len(set(keys)) != len(keys):
            raise ValueError(f"mappings/xlsx.toml: {kind}: a field appears twice in columns")
        try:
            columns = tuple(Column(mapping.field(kind, key)) for key in keys)
        except KeyError as e:
            raise ValueError(f"mappings/xlsx.toml: {e.args[0]}") from None
        sheets.append(SheetLayout(kind, entry["sheet"], entry["identifier"], columns))
    return Layout(raw["separator"], int(raw["max_rows"]), tuple(sheets))
