"""Write-side benchmark: `python bench/bench_writeside.py [--series 30] [--writers 8] [--edits 10]`.

Prints, on an embedded store with the reference data and the demo: (1) the median time of each step of the
workflow through the service layer (create, edit, submit, forward, approve, publish, new-version), split into the
SHACL gate's share and the rest (authorisation, the guarded update, the audit record); (2) concurrent editing
over HTTP: W writers on a real uvicorn server each making E edits of one draft with If-Match, retrying on 412,
with the total time, edits per second, and how many attempts were refused as stale (no update is lost: the
final keyword count is checked).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx
from rdflib import Graph

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mdto.auth.directory import principal_for_token  # noqa: E402
from mdto.auth.policy import Action  # noqa: E402
from mdto.model import Serie  # noqa: E402
from mdto.refdata import load_demo, load_reference  # noqa: E402
from mdto.store import EmbeddedStore  # noqa: E402
from mdto.writeside import gate, service  # noqa: E402
from mdto.writeside.forms import merge_form, serie_from_form  # noqa: E402
from mdto.writeside.records import read_record  # noqa: E402
from tests.writeside_support import Api, served, setup_register, valid_body  # noqa: E402

timings: dict[str, list[float]] = defaultdict(list)
_check = gate.check


def timed_gate(*args: object, **kwargs: object) -> None:
    t = time.perf_counter()
    try:
        _check(*args, **kwargs)  # type: ignore[arg-type]
    finally:
        timings["(gate)"].append(time.perf_counter() - t)


def workflow(n: int) -> None:
    with tempfile.TemporaryDirectory() as d:
        store = EmbeddedStore(Path(d) / "store")
        load_reference(store)
        load_demo(store)
        tokens = setup_register(store)
        who = {u: principal_for_token(store, t) for u, t in tokens.items()}
        gate.check = timed_gate  # type: ignore[assignment]
        step_gate: dict[str, list[float]] = defaultdict(list)

        def run(name: str, fn) -> None:  # type: ignore[no-untyped-def]
            before = len(timings["(gate)"])
            t = time.perf_counter()
            fn()
            timings[name].append(time.perf_counter() - t)
            step_gate[name].append(sum(timings["(gate)"][before:]))

        steps = (("sb-leuven", "submit"), ("ib-leuven", "forward"), ("cl-gemeenten", "approve"),
                 ("ib-leuven", "publish"), ("ib-leuven", "new-version"))  # fmt: skip

        def one_series(slug: str) -> None:
            graph = serie_from_form(valid_body(naam=f"Benchmarkserie {slug}"), slug).to_graph()
            run("create", lambda: service.create(store, who["sb-leuven"], graph, slug, None))
            iri = read_record(store, slug).iri

            def keyword(old: Graph) -> Graph:
                return merge_form(Serie.from_graph(old, iri), {"trefwoord": ["x"]}).to_graph()

            run("edit", lambda: service.replace(store, who["sb-leuven"], slug, read_record(store, slug).etag, keyword))
            for user, action in steps:
                run(action, lambda u=user, a=action: service.transition(
                    store, who[u], slug, Action(a), read_record(store, slug).etag, "bench"))  # fmt: skip

        for i in range(n):
            one_series(f"bench-{i}")
        gate.check = _check  # type: ignore[assignment]
        print(f"workflow steps on the embedded store, {n} series (median ms: total / SHACL gate / the rest)")
        for name in ("create", "edit", "submit", "forward", "approve", "publish", "new-version"):
            total, g = statistics.median(timings[name]) * 1000, statistics.median(step_gate[name]) * 1000
            print(f"  {name:12} {total:7.1f} {g:7.1f} {total - g:7.1f}")
        store.close()


def concurrent(writers: int, edits: int) -> None:
    with tempfile.TemporaryDirectory() as d:
        store = EmbeddedStore(Path(d) / "store")
        load_reference(store)
        tokens = setup_register(store)
        with served(store) as base:
            api = Api(httpx.Client(base_url=base), tokens)
            slug = api.create("sb-leuven", valid_body(trefwoord=[])).json()["id"]
            stale = [0]
            lock = threading.Lock()

            def writer(n: int) -> None:
                c = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {tokens['sb-leuven']}"})
                for e in range(edits):
                    while True:
                        got = c.get(f"/series/{slug}/draft")
                        words = got.json()["series"].get("trefwoord", [])
                        r = c.patch(f"/series/{slug}", json={"trefwoord": [*words, f"w{n}-{e}"]},
                                    headers={"If-Match": got.headers["etag"]})  # fmt: skip
                        if r.status_code == 200:
                            break
                        with lock:
                            stale[0] += 1

            t = time.perf_counter()
            threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            elapsed = time.perf_counter() - t
            final = api.client.get(f"/series/{slug}/draft", headers=api.h("sb-leuven")).json()["series"]["trefwoord"]
        total = writers * edits
        assert len(final) == total, f"lost updates: {total - len(final)}"
        print(f"concurrent edits over HTTP (uvicorn, embedded store): {writers} writers x {edits} edits")
        print(f"  {total} edits in {elapsed:.2f} s = {total / elapsed:.1f} edits/s; {stale[0]} stale attempts (412) "
              f"retried; 0 lost")  # fmt: skip
        store.close()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--series", type=int, default=30)
    p.add_argument("--writers", type=int, default=8)
    p.add_argument("--edits", type=int, default=10)
    args = p.parse_args()
    workflow(args.series)
    concurrent(args.writers, args.edits)


if __name__ == "__main__":
    main()
