"""In-process cost of the faceted search itself (no HTTP, no store): FacetedSet over 1k, 10k and 100k series.

Complements bench_read.py when building a 100k register is too slow for the machine at hand: it shows how the
facet computation scales. Rows have the spreads of bench/generate.py (hundreds of custodians, tens of processes).

    python bench/bench_facets.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mdto.search.facets import FacetedSet, Row, SearchQuery  # noqa: E402

FACETS = ("toepassingsgebied", "beheerder", "archiefvormer", "dienstverlening", "proces", "waardering", "procesniveau")


def rows(n: int, rnd: random.Random) -> list[Row]:
    out = []
    for i in range(n):
        actor, proces = f"a{rnd.randrange(483)}", rnd.randrange(60)
        values = {
            "toepassingsgebied": (f"t{rnd.randrange(10)}",),
            "beheerder": (actor,),
            "archiefvormer": (actor,),
            "dienstverlening": (f"d{rnd.randrange(30)}",),
            "proces": (f"p{proces}",),
            "waardering": (rnd.choice("BVN"),),
            "procesniveau": (f"p{proces}", f"l2-{proces // 4}", f"l1-{proces // 12}"),
        }
        start = f"{rnd.randint(1950, 2023)}-01-01"
        out.append(Row(i, f"s{i}", f"serie {i}", "", start, None, start, None, values))
    return out


def main() -> None:
    rnd = random.Random(3)
    queries = [
        SearchQuery(),
        SearchQuery(filters={"beheerder": ("a7",)}),
        SearchQuery(filters={"toepassingsgebied": ("t1",), "waardering": ("V",)}),
        SearchQuery(filters={"procesniveau": ("l1-2",)}, sort="date"),
        SearchQuery(text_ids=range(0, 10**6, 7), sort="-date", page=3),
        SearchQuery(van="1990-01-01", tot="2000-12-31", sort="date"),
    ]
    print(f"{'series':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for n in (1000, 10_000, 100_000):
        fs = FacetedSet(rows(n, rnd), FACETS)
        samples = []
        for i in range(300):
            q = queries[i % len(queries)]
            started = time.perf_counter()
            fs.search(q)
            samples.append(time.perf_counter() - started)
        cuts = statistics.quantiles(samples, n=100, method="inclusive")
        print(f"{n:>8} {cuts[49] * 1000:8.2f} {cuts[94] * 1000:8.2f}")


if __name__ == "__main__":
    main()
