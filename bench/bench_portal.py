"""Portal benchmark: the HTML pages people open, over real HTTP, on synthetic registers.

    python bench/bench_portal.py                  # 1k and 10k series (ten dossiers each)
    python bench/bench_portal.py --sizes 1000     # one size

For each size it reuses the read side's generator and loading (bench/generate.py, `oxigraph load`,
`serieregister reindex`), starts `serieregister serve` (uvicorn) on the embedded store and prints p50 and p95 of:
the search page (plain, and with text, filters, sort and paging), a series page, a level-1 process page (the
broadest: every series under it counts) and an organisation page, all in HTML as a browser asks for them.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from collections.abc import Callable
from pathlib import Path

import httpx

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from bench_read import measure, run, serve  # noqa: E402
from generate import GEMEENTEN, ONDERWERPEN, concepts, generate  # noqa: E402

from tests.conftest import oxigraph_binary  # noqa: E402

ID = "https://w3id.org/serieregister/id/"
HTML = {"Accept": "text/html"}


def workloads(series: int, seed: int = 1) -> dict[str, Callable[[int], tuple[str, dict]]]:
    rnd = random.Random(seed)
    scopes = [c.removeprefix(ID) for c in concepts("toepassingsgebieden")]
    levels1 = [c.removeprefix(ID) for c in concepts("processen", level=1)]
    n_actors = len(GEMEENTEN) * 7
    searches = [
        {"q": rnd.choice(ONDERWERPEN)},
        {"beheerder": f"actor/bench-{rnd.randrange(n_actors)}", "sort": "name"},
        {"toepassingsgebied": rnd.choice(scopes), "procesniveau": rnd.choice(levels1), "sort": "-date"},
        {"q": rnd.choice(ONDERWERPEN), "page": 2},
    ]
    picks = [rnd.randrange(series) for _ in range(1000)]
    return {
        "search page": lambda i: ("/", {}),
        "search, filtered": lambda i: ("/", searches[i % len(searches)]),
        "series page": lambda i: (f"/id/serie/bench-{picks[i % 1000]}", {}),
        "process page (level 1)": lambda i: (f"/id/{levels1[i % len(levels1)]}", {}),
        "organisation page": lambda i: (f"/id/actor/bench-{picks[i % 1000] % n_actors}", {}),
    }


def bench_size(series: int, work: Path, requests: int) -> list[tuple[str, float, float]]:
    nq = work / f"register-{series}.nq"
    if not nq.exists():
        generate(series, nq)
    embedded = work / f"embedded-{series}"
    env = {k: v for k, v in os.environ.items() if k != "SERIEREGISTER_SPARQL"}
    if not embedded.exists():
        oxigraph = oxigraph_binary()
        run([oxigraph, "load", "--location", str(embedded), "--file", str(nq)])
        run([oxigraph, "optimize", "--location", str(embedded)])
        (work / f"embedded-{series}.search.sqlite").unlink(missing_ok=True)
    if not (work / f"embedded-{series}.search.sqlite").exists():
        run([sys.executable, "-m", "mdto", "--store", str(embedded), "reindex"], env)
    proc, base = serve(["--store", str(embedded)], env)
    out = []
    try:
        with httpx.Client(base_url=base, timeout=120, headers=HTML) as client:
            for name, make in workloads(series).items():
                p50, p95 = measure(client, make, requests)
                out.append((name, p50, p95))
                print(f"[{series}] {name:24} p50 {p50:8.2f} ms   p95 {p95:8.2f} ms", file=sys.stderr)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="Portal page latency over HTTP on synthetic registers.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="series per register")
    parser.add_argument("--requests", type=int, default=100, help="measured requests per page")
    default_work = Path("/dev/shm/serieregister-portal-bench") if Path("/dev/shm").is_dir() else Path("bench-data")
    parser.add_argument("--workdir", type=Path, default=default_work)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()[0]
    table = {size: bench_size(size, args.workdir, args.requests) for size in args.sizes}
    print(f"\nportal page latency over HTTP, embedded store, {args.requests} requests per row (ms)")
    print(f"machine: {os.cpu_count()} CPUs, load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
    print(f"{'series':>8}  {'page':24} {'p50':>8} {'p95':>8}")
    for size, rows in table.items():
        for name, p50, p95 in rows:
            print(f"{size:>8}  {name:24} {p50:8.2f} {p95:8.2f}")


if __name__ == "__main__":
    main()
