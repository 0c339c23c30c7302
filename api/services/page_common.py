"""Pieces every portal page shares: links to register IRIs, labels in the reader's language, format links.

`page_url` is the read side's `local_url`: `/id/...` for IRIs the register mints, so pages link within whichever
host serves them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from api.services.representations import local_url as page_url
from mdto.namespaces import MDTO
from mdto.repository import labels
from mdto.store import Store

# Machine formats a page links to, in this order, when the content-negotiation table offers them.
FORMAT_ORDER = ("ttl", "jsonld", "rdf", "nt", "mdto")


@dataclass(frozen=True)
class Link:
    text: str
    href: str | None
    iri: str


def link(iri: Node, label_map: dict[URIRef, str]) -> Link:
    return Link(label_map.get(URIRef(iri)) or str(iri), page_url(str(iri)), str(iri))


def link_all(store: Store, iris: Iterable[URIRef], graphs: Sequence[str], lang: str) -> list[Link]:
    """Links with labels in `lang`, in the order given."""
    ordered = list(iris)
    label_map = labels(store, ordered, graphs, lang)
    return [link(i, label_map) for i in ordered]


def label_in(g: Graph, node: Node, lang: str) -> str | None:
    """skos:prefLabel in `lang`, else mdto:naam, else a Dutch or any prefLabel, rdfs:label or begripLabel."""
    pref = list(g.objects(node, SKOS.prefLabel))
    for candidates in (
        [p for p in pref if isinstance(p, Literal) and p.language == lang],
        list(g.objects(node, MDTO.naam)),
        [p for p in pref if isinstance(p, Literal) and p.language == "nl"],
        pref,
        [p for p in g.objects(node, RDFS.label) if isinstance(p, Literal) and p.language in (lang, None)],
        list(g.objects(node, RDFS.label)),
        list(g.objects(node, MDTO.begripLabel)),
    ):
        if candidates:
            return str(sorted(candidates)[0])
    return None


def text_in(g: Graph, node: Node, prop: URIRef, lang: str) -> str | None:
    """A language-tagged text (definition, ...) in `lang`, else in Dutch, else any."""
    values = [v for v in g.objects(node, prop) if isinstance(v, Literal)]
    for candidates in ([v for v in values if v.language == lang], [v for v in values if v.language == "nl"], values):
        if candidates:
            return str(sorted(candidates)[0])
    return None


def format_links(iri: str, available: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(format, href, media type) for every machine format the content-negotiation table offers (`available`:
    format -> media type), in FORMAT_ORDER."""
    base = page_url(iri) or iri
    return [(f, f"{base}?format={f}", available[f]) for f in FORMAT_ORDER if f in available]
