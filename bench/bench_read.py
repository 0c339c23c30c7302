"""Read-side benchmark: one command, real HTTP, both stores.

For each register size (default 1k and 10k series, `--full` adds 100k; ten dossiers per series) it generates a
synthetic register (bench/generate.py), loads it with `oxigraph load` (one directory for the embedded store,
a copy of it for the server), builds the search index with
`serieregister reindex`, starts `serieregister serve` (a real uvicorn on loopback) on the embedded store and on
a remote `oxigraph serve`, and prints p50 and p95 latency of: the search page (hits and all facets, a mix of
full-text, filters, sort and paging), one series in JSON-LD and in Turtle, and a simple SPARQL query.

    python bench/bench_read.py            # 1k and 10k
    python bench/bench_read.py --full     # also 100k (takes a while: generation and loading dominate)

The remote run reuses the index file built for the embedded run: it is derived from the same data, and
`serieregister reindex` over HTTP would only add build time, not change what is measured.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from generate import GEMEENTEN, ONDERWERPEN, WOORDEN, concepts, generate  # noqa: E402

from tests.conftest import free_port, oxigraph_binary, wait_for_http  # noqa: E402

ID = "https://w3id.org/serieregister/id/"


def run(cmd: list[str], env: dict[str, str] | None = None) -> float:
    started = time.monotonic()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.monotonic() - started


def serve(args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mdto", *args, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for_http(f"{base}/health", timeout=600)
    return proc, base


def percentiles(samples: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return q[49] * 1000, q[94] * 1000


def measure(client: httpx.Client, make: Callable[[int], tuple[str, dict]], n: int) -> tuple[float, float]:
    for i in range(max(10, n // 10)):  # warm-up
        url, params = make(i)
        client.get(url, params=params).raise_for_status()
    samples = []
    for i in range(n):
        url, params = make(i)
        started = time.perf_counter()
        r = client.get(url, params=params)
        samples.append(time.perf_counter() - started)
        r.raise_for_status()
    return percentiles(samples)


def workloads(series: int, seed: int = 1) -> dict[str, Callable[[int], tuple[str, dict]]]:
    rnd = random.Random(seed)
    scopes = concepts("toepassingsgebieden")
    levels1 = concepts("processen", level=1)
    n_actors = len(GEMEENTEN) * 7
    searches = [
        {},
        {"q": rnd.choice(ONDERWERPEN)},
        {"beheerder": f"actor/bench-{rnd.randrange(n_actors)}"},
        {"toepassingsgebied": rnd.choice(scopes), "waardering": "begrip/waarderingen/v"},
        {"procesniveau": rnd.choice(levels1)},
        {"sort": "date", "page": 3},
        {"q": rnd.choice(WOORDEN), "sort": "-date", "toepassingsgebied": rnd.choice(scopes)},
        {"van": "1990", "tot": "2000", "sort": "date"},
    ]
    picks = [rnd.randrange(series) for _ in range(1000)]
    sparql = "SELECT ?naam WHERE {{ <{iri}> <http://www.nationaalarchief.nl/mdto#naam> ?naam }}"
    return {
        "search page": lambda i: (
            "/series",
            searches[i % len(searches)] | ({"q": rnd.choice(ONDERWERPEN)} if i % len(searches) == 1 else {}),
        ),
        "series JSON-LD": lambda i: (f"/id/serie/bench-{picks[i % 1000]}", {"format": "jsonld"}),
        "series Turtle": lambda i: (f"/id/serie/bench-{picks[i % 1000]}", {"format": "ttl"}),
        "SPARQL (one name)": lambda i: ("/sparql", {"query": sparql.format(iri=f"{ID}serie/bench-{picks[i % 1000]}")}),
    }


def bench_size(series: int, work: Path, requests: int, dossiers: int = 10) -> list[tuple[str, str, float, float]]:
    oxigraph = oxigraph_binary()
    tag = f"{series}" if dossiers == 10 else f"{series}x{dossiers}"
    nq = work / f"register-{tag}.nq"
    results = []
    if not nq.exists():
        t = time.monotonic()
        quads = generate(series, nq, dossiers_per_series=dossiers)
        print(f"[{series}] generated {quads} quads in {time.monotonic() - t:.1f} s", file=sys.stderr)
    env = os.environ.copy()
    env.pop("SERIEREGISTER_SPARQL", None)
    embedded, index = work / f"embedded-{tag}", work / f"embedded-{tag}.search.sqlite"
    if not embedded.exists():
        t = run([oxigraph, "load", "--location", str(embedded), "--file", str(nq)])
        t += run([oxigraph, "optimize", "--location", str(embedded)])  # compact now, not while being measured
        print(f"[{series}] oxigraph load + optimize: {t:.1f} s", file=sys.stderr)
        index.unlink(missing_ok=True)
    remote = work / f"server-{tag}"
    if not remote.exists():  # same engine and version: a copy of the loaded directory is what a load would give
        shutil.copytree(embedded, remote)
    if not index.exists():
        t = run([sys.executable, "-m", "mdto", "--store", str(embedded), "reindex"], env)
        print(f"[{series}] serieregister reindex: {t:.1f} s", file=sys.stderr)
    proc, base = serve(["--store", str(embedded)], env)
    try:
        results += _measure_all(base, series, requests, "embedded")
    finally:
        proc.terminate()
        proc.wait(timeout=30)

    port = free_port()
    server = subprocess.Popen(
        [oxigraph, "serve", "--location", str(remote), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=120)
        remote_index = work / f"server-{tag}.search.sqlite"
        shutil.copy(index, remote_index)
        env_remote = env | {"SERIEREGISTER_SEARCH_INDEX": str(remote_index)}
        url = f"http://127.0.0.1:{port}"
        proc, base = serve(["--sparql", f"{url}/query", "--sparql-update", f"{url}/update"], env_remote)
        try:
            results += _measure_all(base, series, requests, "remote oxigraph")
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


def _measure_all(base: str, series: int, requests: int, store: str) -> list[tuple[str, str, float, float]]:
    out = []
    with httpx.Client(base_url=base, timeout=120) as client:
        total = client.get("/series", params={"size": 1}).json()["total"]
        assert total == series, f"{store}: the index holds {total} series, expected {series}"
        for name, make in workloads(series).items():
            p50, p95 = measure(client, make, requests)
            out.append((store, name, p50, p95))
            print(f"[{series}] {store:16} {name:18} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms", file=sys.stderr)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="Read-side latency over HTTP on synthetic registers.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="series per register")
    parser.add_argument("--full", action="store_true", help="also 100,000 series")
    parser.add_argument("--requests", type=int, default=200, help="measured requests per workload")
    parser.add_argument("--dossiers", type=int, default=10, help="dossiers per series (default 10)")
    parser.add_argument(
        "--workdir", type=Path, default=Path("/dev/shm/serieregister-bench") if Path("/dev/shm").is_dir() else None
    )
    args = parser.parse_args()
    work = args.workdir or Path("bench-data")
    work.mkdir(parents=True, exist_ok=True)
    sizes = args.sizes + ([100_000] if args.full and 100_000 not in args.sizes else [])
    load_before = os.getloadavg()
    table = {size: bench_size(size, work, args.requests, args.dossiers) for size in sizes}
    print(f"\nread-side latency over HTTP, {args.dossiers} dossiers per series, {args.requests} requests per row (ms)")
    print(f"machine: {os.cpu_count()} CPUs, load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after")
    print(f"{'series':>8}  {'store':16} {'workload':18} {'p50':>8} {'p95':>8}")
    for size, rows in table.items():
        for store, name, p50, p95 in rows:
            print(f"{size:>8}  {store:16} {name:18} {p50:8.2f} {p95:8.2f}")
    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        p95 = {s: next(r[3] for r in table[s] if r[0] == "embedded" and r[1] == "search page") for s in (small, large)}
        print(f"\nsearch page p95, embedded: {large} series / {small} series = {p95[large] / p95[small]:.2f}x")


if __name__ == "__main__":
    main()
