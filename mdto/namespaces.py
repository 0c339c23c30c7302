"""The namespaces of the register and the IRIs it mints (docs/model.md).

Every module builds IRIs through these helpers, so that the IRI patterns exist once.
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

MDTO = Namespace("http://www.nationaalarchief.nl/mdto#")
SR = Namespace("https://w3id.org/serieregister/def#")
BASE = "https://w3id.org/serieregister/"
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
ORG = Namespace("http://www.w3.org/ns/org#")

GRAPH_PUBLISHED = URIRef(GRAPH["published"])
GRAPH_PROV = URIRef(GRAPH["prov"])
GRAPH_SYSTEM = URIRef(GRAPH["system"])

PREFIXES: dict[str, Namespace] = {
    "mdto": MDTO,
    "sr": SR,
    "id": ID,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "foaf": FOAF,
    "org": ORG,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}


def sparql_prefixes() -> str:
    """The PREFIX lines for every namespace above, for queries written in code."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def expand(name: str) -> URIRef:
    """`mdto:naam` -> full IRI; a full IRI passes through."""
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES:
        return URIRef(PREFIXES[prefix] + local)
    return URIRef(name)


def slugify(text: str) -> str:
    """A stable slug of lowercase ASCII letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "x"


def resource_iri(kind: str, slug: str) -> URIRef:
    """IRI of a series, dossier, stuk, bestand or actor: `id:{kind}/{slug}`."""
    return URIRef(ID[f"{kind}/{slug}"])


def concept_iri(scheme: str, slug: str) -> URIRef:
    return URIRef(ID[f"begrip/{scheme}/{slug}"])


def scheme_iri(scheme: str) -> URIRef:
    return URIRef(ID[f"begrippenlijst/{scheme}"])


def reference_graph(name: str) -> URIRef:
    """Named graph of one reference-data file (`graph:ref/{name}`)."""
    return URIRef(GRAPH[f"ref/{name}"])


def draft_graph(slug: str) -> URIRef:
    return URIRef(GRAPH[f"draft/{slug}"])


def version_graph(slug: str, number: int) -> URIRef:
    return URIRef(GRAPH[f"version/{slug}/{number}"])


def local_part(iri: str) -> str | None:
    """`https://w3id.org/serieregister/id/serie/x` -> `serie/x`; None for IRIs we did not mint."""
    return iri[len(str(ID)) :] if iri.startswith(str(ID)) else None
