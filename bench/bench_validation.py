"""Validation benchmark: `python bench/bench_validation.py [--sizes 100 1000] [--store-sizes 1000 100000]`.

Prints (1) the time to validate a whole synthetic dataset of N series with ten dossiers each against the mdto and
register profiles, and (2) the time of one write (a new dossier) through the write gate on an embedded store
holding 1k and 100k series, and their ratio: the gate validates what a write changes plus what it points at, so
the second pair should be nearly equal. Stores are filled with EmbeddedStore.insert (pyoxigraph bulk), not the gate.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from mdto.model import Dossier, Serie
from mdto.namespaces import GRAPH_PUBLISHED, concept_iri, resource_iri
from mdto.refdata import load_reference
from mdto.store import EmbeddedStore
from mdto.terms import to_ox
from mdto.validation import validate
from mdto.validation.context import context_for, reference_graph
from mdto.validation.gate import check_write

ACTOR = resource_iri("actor", "stad-leuven")


def serie(i: int) -> Serie:
    return Serie.new(
        f"bench-serie-{i}",
        naam=f"Dossiers over onderwerp {i}",
        omschrijving=f"Synthetische serie {i} met tien dossiers.",
        toepassingsgebied=[concept_iri("toepassingsgebieden", "gemeenten")],
        bewaargever=ACTOR,
        archiefvormer=[ACTOR],
        proces=concept_iri("processen", "p-1-1-1"),
        geldigVan="2010-01-01",
        waardering=concept_iri("waarderingen", "v"),
        bewaartermijn="P10Y",
        termijnspecificatie=concept_iri("termijnspecificaties", "na-afhandeling-van-het-informatieobject"),
        motivering="Zolang vorderingen mogelijk zijn.",
        informatiecategorie=concept_iri("informatiecategorieen", "ic-1-1-1"),
        persoonsgegevens=False,
        openbaarheid=concept_iri("openbaarheidsregimes", "beperkt-openbaar"),
        beperkingGebruik=concept_iri("beperkinggebruiktypen", "geen-beperking"),
    )


def dossier(i: int, j: int) -> Dossier:
    return Dossier.new(
        f"bench-dossier-{i}-{j}",
        naam=f"Dossier {j} van serie {i}",
        omschrijving="Een synthetisch dossier.",
        archiefvormer=[ACTOR],
        proces=concept_iri("processen", "p-1-1-1"),
        geopend=f"{2011 + j}-03-01",
        gesloten=f"{2011 + j}-09-30",
        waardering=concept_iri("waarderingen", "v"),
        openbaarheid=concept_iri("openbaarheidsregimes", "beperkt-openbaar"),
        beperkingGebruik=concept_iri("beperkinggebruiktypen", "geen-beperking"),
        isOnderdeelVan=resource_iri("serie", f"bench-serie-{i}"),
    )


def dataset(n: int, dossiers: int = 10) -> Graph:
    g = Graph()
    for i in range(n):
        serie(i).to_graph(g)
        for j in range(dossiers):
            dossier(i, j).to_graph(g)
    return g


def bench_whole(sizes: list[int], profiles: list[str]) -> None:
    print("whole dataset (series with ten dossiers each), pyshacl, no inference")
    for n in sizes:
        g = dataset(n)
        for profile in profiles:
            start = time.perf_counter()
            report = validate(g, profile, context=context_for(g))
            took = time.perf_counter() - start
            print(f"  {n:>7} series  {len(g):>9} triples  {profile:<8} {took:8.2f} s  conforms={report.conforms}")


def fill(store: EmbeddedStore, n: int, target: ox.NamedNode, chunk: int = 5000) -> None:
    """n series built by the model once and copied as N-Quads text (slug and blank nodes renamed), then bulk
    loaded by pyoxigraph: building 100k series through the model would take longer than the benchmark itself."""
    lines = serie(0).to_graph().serialize(format="nt").strip().splitlines()
    template = "".join(line.rstrip(" .") + f" {target} .\n" for line in lines)
    for first in range(0, n, chunk):
        text = "".join(
            template.replace("bench-serie-0", f"bench-serie-{i}").replace("_:", f"_:s{i}x")
            for i in range(first, min(n, first + chunk))
        )
        store.oxigraph.bulk_load(text.encode(), format=ox.RdfFormat.N_QUADS)


def bench_gate(store_sizes: list[int], repeats: int = 20) -> None:
    print("one write (a new dossier) through the write gate, embedded store, register profile")
    times: dict[int, float] = {}
    for n in store_sizes:
        with tempfile.TemporaryDirectory() as tmp:
            store = EmbeddedStore(Path(tmp) / "store")
            load_reference(store)
            target = ox.NamedNode(str(GRAPH_PUBLISHED))
            start = time.perf_counter()
            fill(store, n, target)
            store.oxigraph.optimize()  # let compaction finish now rather than during the timed writes
            print(f"  filled {n} series ({store.count()} quads) in {time.perf_counter() - start:.1f} s")
            runs = []
            for r in range(repeats + 1):
                write = dossier(n // 2, 100 + r).to_graph()
                start = time.perf_counter()
                report = check_write(store, write, "register")
                if report.conforms:
                    store.insert([ox.Quad(to_ox(s), to_ox(p), to_ox(o), target) for s, p, o in write])
                took = time.perf_counter() - start
                if r:  # the first write warms the caches (shapes, prepared queries)
                    runs.append(took)
                assert report.conforms, report.results
            times[n] = statistics.median(runs)
            print(f"  store of {n:>7} series: {times[n] * 1000:7.1f} ms per write (median of {repeats})")
            store.close()
    if len(times) >= 2:
        small, large = min(times), max(times)
        print(f"  ratio {large} / {small} series: {times[large] / times[small]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="series per whole dataset")
    parser.add_argument("--store-sizes", type=int, nargs="+", default=[1000, 100000])
    parser.add_argument("--profiles", nargs="+", default=["mdto", "register"], help="profiles for the whole dataset")
    args = parser.parse_args()
    reference_graph()
    bench_gate(args.store_sizes)
    bench_whole(args.sizes, args.profiles)


if __name__ == "__main__":
    main()
