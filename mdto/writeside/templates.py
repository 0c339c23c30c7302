"""Template series (sjabloonseries): deriving a series from one, and following the template's new versions.

A selection committee's own series are template series (sr:Sjabloonserie) that it publishes directly. An
organisation derives a series from the template's current published VERSION: the values are prefilled (the
organisation's actor becomes archiefvormer and bewaargever), and the new series says
`prov:wasDerivedFrom id:serie/{template}/versie/{n}`. When the template gets a newer version, the derived series
shows the field-level diff between the version it came from and the newest one, and its manager adopts the
changes field by field (into a draft; the adopted fields and the new version are recorded in the audit trail).
"""

from __future__ import annotations

import re
from typing import Any

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV

from mdto.auth.directory import Principal
from mdto.model import Serie
from mdto.namespaces import SR, resource_iri, slugify, version_graph
from mdto.store import Store
from mdto.writeside import audit, service
from mdto.writeside.diff import diff_graphs
from mdto.writeside.forms import keep_unmapped, serie_from_form
from mdto.writeside.problems import InputProblems, Problem
from mdto.writeside.records import Change, read_record, record_values, version_iri
from mdto.writeside.versions import latest_version

_VERSION_IRI = re.compile(r"^https://w3id\.org/serieregister/id/serie/([a-z0-9-]+)/versie/(\d+)$")
# What a derived series never takes over from its template.
NOT_INHERITED = {"identificatie", "archiefvormer", "bewaargever", "afgeleidVan"}


def ensure_versioned(store: Store, principal: Principal, slug: str) -> int:
    """The template's newest version number; a template published without the workflow (demo data) gets its
    current description kept as version 1 first, so that a series can be derived from a version."""
    number = latest_version(store, slug)
    if number:
        return number
    rec = read_record(store, slug)
    if rec is None:
        raise service.NotFound(f"no template series {slug!r}")
    published = service.published_copy(store, slug)
    issued = str(published.value(rec.iri, URIRef("http://purl.org/dc/terms/issued")) or service.stamp_now())
    change = Change(slug, rec.rev)
    change.insert_new_graph(version_graph(slug, 1), [*published, *service.version_metadata(slug, 1, issued)])
    change.set_record(record_values(rec.state, rec.org, version=Literal(1)))
    audit.record(change, principal, "version-snapshot", service.stamp_now(), rec.org, rec.state.value, rec.state.value)
    change.commit(store)
    return 1


def template_values(store: Store, slug: str, number: int) -> Serie:
    graph = service.version_copy(store, slug, number)
    iri = resource_iri("serie", slug)
    if (iri, RDF.type, SR.Sjabloonserie) not in graph:
        raise service.NotFound(f"no published template series {slug!r}")
    return Serie.from_graph(graph, iri)


def derive(
    store: Store, principal: Principal, template: str, org_slug: str | None, overrides: dict[str, Any]
) -> tuple[str, Graph, str]:
    """(slug, description, remark) of a new series derived from the newest version of `template`."""
    published = service.published_copy(store, template)
    if (resource_iri("serie", template), RDF.type, SR.Sjabloonserie) not in published:
        raise service.NotFound(f"no published template series {template!r}")
    org = service.organisation_for_create(store, principal, org_slug)
    number = ensure_versioned(store, principal, template)
    source = template_values(store, template, number)
    values: dict[str, Any] = {k: v for k, v in source.values().items() if k not in NOT_INHERITED}
    values = {k: [str(x) for x in v] if isinstance(v, list) else str(v) if isinstance(v, URIRef) else v
              for k, v in values.items()}  # fmt: skip
    values |= {"archiefvormer": [str(org.actor)], "bewaargever": str(org.actor)}
    values |= {k: v for k, v in overrides.items() if k != "afgeleidVan"}
    values["afgeleidVan"] = str(version_iri(template, number))
    slug = str(overrides.get("identificatie") or slugify(f"{org.slug} {source.naam}")[:80].strip("-"))
    values.pop("identificatie", None)
    serie = serie_from_form(values, slug)
    return slug, serie.to_graph(), f"afgeleid van {template} versie {number}"


def derived_from(graph: Graph, iri: URIRef) -> tuple[str, int] | None:
    for o in graph.objects(iri, PROV.wasDerivedFrom):
        m = _VERSION_IRI.match(str(o))
        if m:
            return m[1], int(m[2])
    return None


def _current(store: Store, principal: Principal | None, slug: str) -> tuple[Graph, URIRef]:
    rec, draft = service.view(store, principal, slug)
    return (draft if draft is not None else service.published_copy(store, slug)), rec.iri


def updates(store: Store, principal: Principal | None, slug: str) -> dict[str, Any]:
    """What changed in the template since the version this series was derived from."""
    graph, iri = _current(store, principal, slug)
    source = derived_from(graph, iri)
    if source is None:
        raise service.NotFound(f"series {slug!r} is not derived from a template version")
    template, number = source
    newest = latest_version(store, template)
    tiri = resource_iri("serie", template)
    changes = []
    if newest > number:
        own = Serie.from_graph(graph, iri)
        for c in diff_graphs(service.version_copy(store, template, number),
                             service.version_copy(store, template, newest), tiri):  # fmt: skip
            if c["field"] in NOT_INHERITED:
                continue
            value = own.get(c["field"])
            c["current"] = sorted(map(str, value)) if isinstance(value, list) else None if value is None else str(value)
            changes.append(c)
    return {"id": slug, "template": template, "derived_from_version": number, "newest_version": newest,
            "changes": changes}  # fmt: skip


def adopt(store: Store, principal: Principal | None, slug: str, if_match: str | None, fields: list[str]) -> Any:
    """Take over the template's newest values for `fields` into the draft; the series then derives from the
    newest version."""
    pending = updates(store, principal, slug)
    offered = {c["field"] for c in pending["changes"]}
    unknown = [f for f in fields if f not in offered]
    if not fields or unknown:
        raise InputProblems([Problem("fields", f"not a changed field of the template: {unknown or '(none)'}",
                                     sorted(offered))])  # fmt: skip
    template, newest = pending["template"], pending["newest_version"]
    source = template_values(store, template, newest)

    def build(old: Graph) -> Graph:
        iri = resource_iri("serie", slug)
        current = Serie.from_graph(old, iri)
        for key in fields:
            current.set(key, source.get(key))
        current.set("afgeleidVan", version_iri(template, newest))
        return keep_unmapped(old, current.to_graph(), iri)

    return service.replace(store, principal, slug, if_match, build, action="adopt-template")
