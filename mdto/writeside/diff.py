"""Field-level differences between two descriptions of a series, by the fields of mappings/register.toml."""

from __future__ import annotations

import html
from typing import Any

from rdflib import Graph, URIRef

from mdto.model import Serie


def _shown(value: Any) -> Any:
    if isinstance(value, list):
        return sorted(str(v) for v in value)
    return None if value is None else str(value)


def diff_series(old: Serie | None, new: Serie | None) -> list[dict[str, Any]]:
    """One entry per field whose value differs: key, labels, old and new value (lists sorted)."""
    ref = new or old
    if ref is None:
        return []
    out = []
    for spec in ref.fields():
        a = _shown(old.get(spec.key)) if old else None
        b = _shown(new.get(spec.key)) if new else None
        if a in ([], None) and b in ([], None):
            continue
        if a != b:
            out.append({"field": spec.key, "label_nl": spec.label_nl, "label_en": spec.label_en, "from": a, "to": b})
    return out


def diff_graphs(old: Graph | None, new: Graph | None, iri: URIRef) -> list[dict[str, Any]]:
    def load(g: Graph | None) -> Serie | None:
        return Serie.from_graph(g, iri) if g is not None and (iri, None, None) in g else None

    return diff_series(load(old), load(new))


def diff_html(title: str, changes: list[dict[str, Any]]) -> str:
    """The diff as a small HTML page (one table row per changed field)."""

    def cell(v: Any) -> str:
        if v is None or v == []:
            return "<em>leeg</em>"
        return "<br>".join(html.escape(x) for x in v) if isinstance(v, list) else html.escape(v)

    rows = "".join(
        f"<tr><th>{html.escape(c['label_nl'])}</th><td>{cell(c['from'])}</td><td>{cell(c['to'])}</td></tr>"
        for c in changes
    )
    return (
        f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>'
        f"<body><h1>{html.escape(title)}</h1><table><thead><tr><th>Veld</th><th>Van</th><th>Naar</th></tr>"
        f"</thead><tbody>{rows}</tbody></table></body></html>"
    )
