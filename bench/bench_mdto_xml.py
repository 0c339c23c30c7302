"""MDTO XML throughput and memory: `python bench/bench_mdto_xml.py [--sizes 10000 100000]`.

Prints objects exported per second (single documents; a zipped SIP of 10,000 dossiers), the peak of Python
memory during a SIP export of each size (each in its own subprocess: tracemalloc, and the process's peak RSS),
and objects imported per second (the 10,000-dossier SIP read back into an empty register).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pyoxigraph as ox

from mdto.namespaces import GRAPH_PUBLISHED, MDTO, concept_iri, resource_iri
from mdto.refdata import load_reference, public_graphs
from mdto.store import EmbeddedStore
from mdto.xml import documents_from_paths, export_document, export_sip, import_documents

SERIE = resource_iri("serie", "bench")


def fill(store: EmbeddedStore, dossiers: int) -> None:
    """A series with `dossiers` dossiers, each with the metadata MDTO requires."""
    g = ox.NamedNode(str(GRAPH_PUBLISHED))
    N = ox.NamedNode  # noqa: N806

    def m(local: str) -> ox.NamedNode:
        return N(str(MDTO[local]))

    def obj(iri: str, kenmerk: str, naam: str, level: str, quads: list) -> None:
        s, ident, beperking = N(iri), ox.BlankNode(), ox.BlankNode()
        quads += [
            ox.Quad(s, N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), m("Informatieobject"), g),
            ox.Quad(s, m("identificatie"), ident, g),
            ox.Quad(ident, m("identificatieKenmerk"), ox.Literal(kenmerk), g),
            ox.Quad(ident, m("identificatieBron"), ox.Literal("Serieregister"), g),
            ox.Quad(s, m("naam"), ox.Literal(naam), g),
            ox.Quad(s, m("aggregatieniveau"), N(str(concept_iri("aggregatieniveaus", level))), g),
            ox.Quad(s, m("waardering"), N(str(concept_iri("waarderingen", "v"))), g),
            ox.Quad(s, m("archiefvormer"), N("https://w3id.org/serieregister/id/actor/stad-leuven"), g),
            ox.Quad(s, m("beperkingGebruik"), beperking, g),
            ox.Quad(
                beperking, m("beperkingGebruikType"), N(str(concept_iri("beperkinggebruiktypen", "geen-beperking"))), g
            ),
        ]

    quads: list = []
    obj(str(SERIE), "bench", "Benchmarkserie", "serie", quads)
    store.insert(quads)
    for start in range(0, dossiers, 10_000):
        quads = []
        for i in range(start, min(dossiers, start + 10_000)):
            iri = str(resource_iri("dossier", f"bench-{i:06d}"))
            obj(iri, f"bench-{i:06d}", f"Dossier {i:06d}", "dossier", quads)
            quads.append(ox.Quad(N(iri), m("isOnderdeelVan"), N(str(SERIE)), g))
        store.insert(quads)


def store_with(dossiers: int) -> EmbeddedStore:
    store = EmbeddedStore(None)
    load_reference(store)
    fill(store, dossiers)
    return store


def sip_memory(dossiers: int) -> dict:
    """Run in a subprocess: fill, then export a zipped SIP under tracemalloc; the peak of Python memory allocated
    during the export (the store itself lives outside Python's heap), and the process's peak RSS."""
    store = store_with(dossiers)
    with tempfile.TemporaryDirectory() as tmp:
        tracemalloc.start()
        t = time.perf_counter()
        summary = export_sip(store, SERIE, Path(tmp) / "p.zip", public_graphs())
        seconds = time.perf_counter() - t
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"dossiers": dossiers, "objects": summary.informatieobjecten, "seconds": seconds,
            "export_peak_mb": peak / 1e6, "peak_rss_mb": rss / 1024}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(sip_memory(args.child)))
        return

    store = store_with(10_000)
    iris = [resource_iri("dossier", f"bench-{i:06d}") for i in range(1000)]
    t = time.perf_counter()
    for iri in iris:
        export_document(store, iri, public_graphs())
    single = len(iris) / (time.perf_counter() - t)
    print(f"single documents: {single:,.0f} objects exported per second ({len(iris)} dossiers, one query set each)")

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "sip.zip"
        t = time.perf_counter()
        summary = export_sip(store, SERIE, target, public_graphs())
        seconds = time.perf_counter() - t
        print(f"SIP of 10,000 dossiers: {summary.informatieobjecten / seconds:,.0f} objects exported per second "
              f"({seconds:.1f} s, {target.stat().st_size / 1e6:.1f} MB zip)")  # fmt: skip
        fresh = EmbeddedStore(None)
        load_reference(fresh)
        t = time.perf_counter()
        result = import_documents(fresh, documents_from_paths([target], 10**10))
        seconds = time.perf_counter() - t
        print(f"import of that SIP: {len(result.iris) / seconds:,.0f} objects imported per second ({seconds:.1f} s)")

    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(size)], capture_output=True, text=True, check=True
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"SIP of {size:,} dossiers: {r['export_peak_mb']:.1f} MB peak Python memory during the export "
              f"(tracemalloc), process peak RSS {r['peak_rss_mb']:.0f} MB with the in-memory store; "
              f"{r['seconds']:.0f} s under tracemalloc")  # fmt: skip


if __name__ == "__main__":
    main()
