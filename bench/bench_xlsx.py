"""Rows per second for spreadsheet imports: a dry run and a real import of 1,000 and 10,000 series.

    .venv/bin/python bench/bench_xlsx.py            # both sizes
    .venv/bin/python bench/bench_xlsx.py 1000       # one size

Each size runs on a fresh embedded store with the reference and demo data and the tenant Stad Leuven: an .xlsx of
N new series is built with openpyxl (not timed), then imported as a dry run, then for real (N drafts, N audit
entries), then re-imported (every row unchanged), then imported with every row changed (N draft edits). Imports
run as the command line does: as the operator, informatiebeheerder of every organisation.
Wall-clock and CPU time are both printed: on a shared machine the CPU figure is the steadier one. The figures
include reading the workbook, mapping and checking every row, and the single store write.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mdto.auth.directory import add_organisation, operator_principal  # noqa: E402
from mdto.refdata import load_demo, load_reference  # noqa: E402
from mdto.spreadsheet.importer import import_spreadsheet  # noqa: E402
from mdto.store import EmbeddedStore  # noqa: E402
from tests.spreadsheets import valid_series, workbook  # noqa: E402


def bench(n: int) -> None:
    store = EmbeddedStore(None)
    load_reference(store)
    load_demo(store)
    add_organisation(store, "stad-leuven", "Stad Leuven")
    principal = operator_principal(store)
    data = workbook({"serie": [valid_series(f"bench-{i}") for i in range(n)]})
    changed = workbook({"serie": [valid_series(f"bench-{i}", Bewaartermijn="12") for i in range(n)]})
    runs = (("dry run", data, True), ("import", data, False), ("re-import", data, False), ("edit all", changed, False))
    for label, upload, dry_run in runs:
        start, cpu = time.perf_counter(), time.process_time()
        report, _ = import_spreadsheet(store, upload, "bench.xlsx", dry_run=dry_run, principal=principal)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        assert report.ok, report.to_text()[:500]
        print(
            f"{n:>6} series  {label:<10} {seconds:7.2f} s wall {n / seconds:6.0f} rows/s   "
            f"{cpu:7.2f} s cpu {n / cpu:6.0f} rows/s   {report.summary()}"
        )
    store.close()


if __name__ == "__main__":
    for size in [int(a) for a in sys.argv[1:]] or [1000, 10000]:
        bench(size)
