"""The dataset as a whole: a VoID and DCAT description, and a streamed bulk download of all published data.

Both cover exactly `public_graphs()`: the published graph and the reference graphs.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from mdto import __version__
from mdto.mapping import register_mapping
from mdto.namespaces import ID, MDTO
from mdto.refdata import public_graphs
from mdto.store import EmbeddedStore, Store
from mdto.terms import iri as q_iri
from mdto.terms import to_ox

VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
DOWNLOAD_PATH = "/download/published.nq.gz"
_CHUNK = 1 << 16


def dataset_description(store: Store, base: str) -> tuple[URIRef, Graph]:
    """`base` is the public root URL of this API (no trailing slash)."""
    graphs = public_graphs()
    ds = URIRef(f"{base}/dataset")
    g = Graph()
    g.bind("void", VOID)
    g.bind("dcat", DCAT)
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("Serieregister", lang="nl")))
    g.add(
        (
            ds,
            DCTERMS.description,
            Literal("Gepubliceerde series, dossiers en begrippen van het Serieregister (MDTO).", lang="nl"),
        )
    )
    g.add(
        (
            ds,
            DCTERMS.description,
            Literal("Published archival series, files and concepts of the register (MDTO).", lang="en"),
        )
    )
    g.add((ds, VOID.uriSpace, Literal(str(ID))))
    g.add((ds, VOID.sparqlEndpoint, URIRef(f"{base}/sparql")))
    g.add((ds, VOID.dataDump, URIRef(f"{base}{DOWNLOAD_PATH}")))
    g.add((ds, VOID.vocabulary, URIRef(str(MDTO))))
    g.add((ds, FOAF.homepage, URIRef(f"{base}/")))
    g.add((ds, DCTERMS.hasVersion, Literal(__version__)))
    total = 0
    for graph in graphs:
        n = store.count(graph)
        total += n
        part = URIRef(graph)
        g.add((ds, VOID.subset, part))
        g.add((part, RDF.type, VOID.Dataset))
        g.add((part, VOID.triples, Literal(n, datatype=XSD.integer)))
    g.add((ds, VOID.triples, Literal(total, datatype=XSD.integer)))
    for kind in register_mapping().kinds.values():
        if kind.aggregatieniveau is None:
            continue
        level = f"?s {q_iri(MDTO.aggregatieniveau)} {q_iri(kind.aggregatieniveau)}"
        rows = store.select(
            f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {level} }}",
            default_graphs=graphs,
        )
        partition = BNode()
        g.add((ds, VOID.classPartition, partition))
        g.add((partition, VOID["class"], kind.classes[0]))
        g.add((partition, DCTERMS.title, Literal(kind.label_nl, lang="nl")))
        g.add((partition, VOID.entities, Literal(int(rows[0]["n"]) if rows else 0, datatype=XSD.integer)))
    dump = URIRef(f"{base}{DOWNLOAD_PATH}")
    g.add((ds, DCAT.distribution, dump))
    g.add((dump, RDF.type, DCAT.Distribution))
    g.add((dump, DCAT.downloadURL, dump))
    g.add((dump, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/application/n-quads")))
    g.add((dump, DCAT.compressFormat, URIRef("https://www.iana.org/assignments/media-types/application/gzip")))
    service = URIRef(f"{base}/sparql")
    g.add((ds, DCAT.distribution, BNode("sparql")))
    g.add((BNode("sparql"), RDF.type, DCAT.Distribution))
    g.add((BNode("sparql"), DCAT.accessService, service))
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCAT.endpointURL, service))
    g.add((service, DCAT.servesDataset, ds))
    return ds, g


def _quads(store: Store) -> Iterator[ox.Quad]:
    """Every quad of the public graphs; streamed from the embedded store, graph by graph from a remote one."""
    for graph in public_graphs():
        name = ox.NamedNode(graph)
        if isinstance(store, EmbeddedStore):
            yield from store.oxigraph.quads_for_pattern(None, None, None, name)
        else:
            for s, p, o in store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", default_graphs=[graph]):
                yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), name)


def stream_nquads_gz(store: Store) -> Iterator[bytes]:
    """Gzipped N-Quads in chunks, so that the whole dump is never held in memory."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # 16+: gzip container
    buffer = io.BytesIO()
    batch: list[ox.Quad] = []
    for quad in _quads(store):
        batch.append(quad)
        if len(batch) == 5000:
            ox.serialize(batch, buffer, format=ox.RdfFormat.N_QUADS)
            batch.clear()
        if buffer.tell() >= _CHUNK:
            out = compressor.compress(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
            if out:
                yield out
    if batch:
        ox.serialize(batch, buffer, format=ox.RdfFormat.N_QUADS)
    yield compressor.compress(buffer.getvalue()) + compressor.flush()
