"""How fast and how lean is our CMRT read + check, against pandas and bare python-calamine?

Builds real-size supplier files from each blank RMI 6.x template in ../shared/corpus (filled
with openpyxl the way suppliers do: tests/cmrt/filling.py), then prints, measured in the same
run, the median time per file of

  (a) this app's full read + check: ``cmrt.pipeline.cmrt_check_bytes`` (or, while the
      pipeline does not exist yet, ``cmrt.workbook.workbook_open``, noted in the output);
  (b) ``pandas.read_excel(engine="openpyxl")`` of Declaration, Smelter List and Product List;
  (c) a bare python-calamine read (``from_filelike`` + ``to_python``) of the same sheets;

and the ratios (b)/(a) and (a)/(c). It also measures the peak memory of (a) on a ~10 MB
workbook in a fresh subprocess (tracemalloc peak and ru_maxrss growth).
Targets (issue): (a) >= 8x faster than (b), (a) <= 1.5x (c), peak memory < 200 MB at 10 MB.

(a) and (c) alternate run by run; (b) is timed in its own block (see ``timings_table``).
(a) is given the installation's reference list, as the ingestion task gives it.

Run: ``.venv/bin/python bench/parse_cmrt.py [--runs N] [--no-memory]``. pandas is a
benchmark-only dependency (``pip install pandas``). Uses an in-memory SQLite database.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.setdefault("VAR_DIR", "/tmp/bench-var")

import django  # noqa: E402

django.setup()

from python_calamine import CalamineWorkbook  # noqa: E402

from cmrt.workbook import workbook_open  # noqa: E402
from cmrt.workbook.children import REAPER_THREAD, stop_reader  # noqa: E402
from tests.cmrt.filling import big_filled_workbook  # noqa: E402

try:
    from cmrt.checks import CheckContext
    from cmrt.pipeline import cmrt_check_bytes
except ImportError:  # the pipeline is being written: time the workbook read alone
    CheckContext = None  # type: ignore[assignment,misc]
    cmrt_check_bytes = None  # type: ignore[assignment]

CORPUS = ROOT.parent / "shared" / "corpus"
TEMPLATES = {
    "6.01": "cmrt/RMI_CMRT_6.01_blank.xlsx",
    "6.1": "cmrt/RMI_CMRT_6.1_blank.xlsx",
    "6.31": "cmrt/RMI_CMRT_6.31_blank.xlsx",
    "6.5": "cmrt/RMI_CMRT_6.5_blank.xlsx",
}
SHEETS = ("Declaration", "Smelter List", "Product List")
SMELTERS, PRODUCTS = 400, 200  # a large but ordinary supplier file (~1 MB)
# ~10 MB: the full template smelter range (2,500 rows) and a distributor-size product list
# with long comments (its sheet XML, 31 MB, stays under the reader's 32 MB sheet limit).
BIG_SMELTERS, BIG_PRODUCTS, BIG_COMMENT_WORDS = 2_500, 65_000, 40
MIB = 1024 * 1024
TARGET_PANDAS_RATIO, TARGET_CALAMINE_RATIO, TARGET_MEMORY_MIB = 8.0, 1.5, 200.0


# What an installation with reference data passes to every read (cmrt/services/ingestion.py
# loads it once per process): the RMI smelter list, here taken from the 6.5 template's own
# Smelter Look-up tab. Without it the reader falls back to each file's look-up tab.
REFERENCE: tuple[Any, ...] = ()


def reference_load() -> None:
    global REFERENCE
    from cmrt.reading.smelters import lookup_read

    template = (CORPUS / TEMPLATES["6.5"]).read_bytes()
    REFERENCE = lookup_read(workbook_open(template))


def app_read_and_check(content: bytes) -> Any:
    """(a): what the app does with an upload, minus the database: read and check with the
    installation's reference list, as the ingestion task does."""
    if cmrt_check_bytes is None:
        return workbook_open(content)
    known = {entry.cid: entry.metal for entry in REFERENCE if entry.cid}
    context = CheckContext(today=date.today(), known_smelters=known)
    return cmrt_check_bytes(content, context, reference=REFERENCE)


def pandas_read(content: bytes) -> None:
    """(b): the usual data-science way to read the three sheets."""
    import pandas

    pandas.read_excel(io.BytesIO(content), sheet_name=list(SHEETS), engine="openpyxl", header=None)


def calamine_read(content: bytes) -> None:
    """(c): the floor: python-calamine's cell values of the three sheets, nothing else."""
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    for name in SHEETS:
        workbook.get_sheet_by_name(name).to_python()


def interleaved_medians(runs: int, *actions: Callable[[], object]) -> list[float]:
    """Median time of each action; the actions take turns, so a busy moment on the machine
    weighs on all of them alike instead of on whichever ran then."""
    for action in actions:
        action()  # warm-up: lazy imports, caches, the reader process
    timings: list[list[float]] = [[] for _ in actions]
    for _ in range(runs):
        for action, spent in zip(actions, timings, strict=True):
            start = time.perf_counter()
            action()
            spent.append(time.perf_counter() - start)
    return [statistics.median(spent) for spent in timings]


def describe(result: Any) -> str:
    """What (a) made of the file, to show it was really read and checked."""
    if cmrt_check_bytes is None:
        smelter_list = result.sheet("Smelter List")
        return f"{smelter_list.row_count} smelter-sheet rows read"
    if not result.readable:
        return f"NOT READABLE: {result.problem}"
    declaration = result.declaration
    return (
        f"{declaration.identity.version}: {len(declaration.smelters)} smelters, "
        f"{len(declaration.products)} products, {result.error_count} errors, "
        f"{result.warning_count} warnings"
    )


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def timings_table(runs: int) -> None:
    print(
        f"Files: big_filled_workbook(template, {SMELTERS} smelters, {PRODUCTS} products); "
        f"median of {runs} runs after one warm-up."
    )
    if cmrt_check_bytes is None:
        print(
            "NOTE: cmrt.pipeline / cmrt.checks are not importable yet: (a) times "
            "cmrt.workbook.workbook_open only (the read, without declaration_read and checks)."
        )
    header = (
        f"{'template':<8} {'MB':>5} {'(a) app s':>10} {'(b) pandas s':>13} "
        f"{'(c) calamine s':>15} {'(b)/(a)':>8} {'(a)/(c)':>8}  what (a) read"
    )
    print(header)
    print("-" * len(header))
    worst_pandas, worst_calamine = float("inf"), 0.0
    for version, relative in TEMPLATES.items():
        content = big_filled_workbook((CORPUS / relative).read_bytes(), SMELTERS, PRODUCTS)
        summary = describe(app_read_and_check(content))
        # (a) and (c) take turns, so that a busy moment weighs on both alike. pandas runs in
        # its own block: half a second of openpyxl between two reads evicts the reader
        # process's caches and would charge (a) with the baseline's cost, not its own.
        app, calamine = interleaved_medians(
            runs,
            lambda c=content: app_read_and_check(c),
            lambda c=content: calamine_read(c),
        )
        (pandas,) = interleaved_medians(max(3, runs // 3), lambda c=content: pandas_read(c))
        worst_pandas = min(worst_pandas, pandas / app)
        worst_calamine = max(worst_calamine, app / calamine)
        print(
            f"{version:<8} {len(content) / MIB:>5.2f} {app:>10.3f} {pandas:>13.3f} "
            f"{calamine:>15.3f} {pandas / app:>7.1f}x {app / calamine:>7.2f}x  {summary}"
        )
    print(
        f"targets: (b)/(a) >= {TARGET_PANDAS_RATIO:g}x: worst {worst_pandas:.1f}x "
        f"{verdict(worst_pandas >= TARGET_PANDAS_RATIO)}; "
        f"(a)/(c) <= {TARGET_CALAMINE_RATIO:g}x: worst {worst_calamine:.2f}x "
        f"{verdict(worst_calamine <= TARGET_CALAMINE_RATIO)}"
    )


def measure_memory(path: Path) -> dict[str, float]:
    """Child process: peak memory of one (a) run on ``path``.

    ru_maxrss growth is measured first, without tracemalloc (whose bookkeeping would inflate
    it); it also sees the Rust (calamine) allocations that tracemalloc cannot. The
    tracemalloc peak (Python objects only) comes from a second run."""
    import msoffcrypto  # noqa: F401  (imported lazily by the reader: not part of its peak)

    reference_load()
    content = path.read_bytes()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    result = app_read_and_check(content)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # The read runs in a forked child (cmrt.workbook.isolation): its peak is the largest
    # child's ru_maxrss (from this process's size at the fork), counted once it is reaped.
    stop_reader()  # the long-lived reader process: end it so that its usage counts
    for thread in threading.enumerate():
        if thread.name == REAPER_THREAD:
            thread.join()
    reading_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    summary = describe(result)
    del result
    tracemalloc.start()
    app_read_and_check(content)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "size_mib": len(content) / MIB,
        "seconds": seconds,
        "rss_before_mib": before / 1024,  # Linux: ru_maxrss is in KiB
        "rss_delta_mib": (after - before) / 1024,
        "child_delta_mib": max(reading_child - before, 0) / 1024,
        "tracemalloc_peak_mib": peak / MIB,
        "summary": summary,
    }


def build_big(path: Path) -> None:
    """Child process: write the ~10 MB workbook (openpyxl needs a few hundred MB for it)."""
    template = (CORPUS / TEMPLATES["6.5"]).read_bytes()
    path.write_bytes(
        big_filled_workbook(template, BIG_SMELTERS, BIG_PRODUCTS, comment_words=BIG_COMMENT_WORDS)
    )


def child(*args: str) -> str:
    completed = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        sys.exit(f"The memory run ({' '.join(args)}) failed:\n{completed.stderr}")
    return completed.stdout


def memory_stats() -> dict[str, Any]:
    """Build and measure in two fresh processes, started while this one is still small:
    Linux carries the parent's peak RSS into a child's ru_maxrss across fork and exec."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "big.xlsx"
        child("--build-big", str(path))
        output = child("--measure-memory", str(path))
    return json.loads(output.strip().splitlines()[-1])


def memory_table(stats: dict[str, Any]) -> None:
    peak = max(stats["rss_delta_mib"], stats["child_delta_mib"], stats["tracemalloc_peak_mib"])
    print(
        f"\nPeak memory of (a) on a {stats['size_mib']:.1f} MiB workbook (6.5 template, "
        f"{BIG_SMELTERS} smelters, {BIG_PRODUCTS} products), fresh process:"
    )
    print(
        f"  ru_maxrss growth {stats['rss_delta_mib']:.1f} MiB (over {stats['rss_before_mib']:.1f}"
        f" MiB after imports), reading child +{stats['child_delta_mib']:.1f} MiB;"
        f" tracemalloc peak {stats['tracemalloc_peak_mib']:.1f} MiB;"
        f" one run {stats['seconds']:.2f} s"
    )
    print(f"  (a) read: {stats['summary']}")
    print(
        f"target: peak < {TARGET_MEMORY_MIB:g} MB: {peak:.1f} MiB "
        f"{verdict(peak < TARGET_MEMORY_MIB)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per file (median)")
    parser.add_argument("--no-memory", action="store_true", help="skip the 10 MB memory run")
    parser.add_argument("--measure-memory", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--build-big", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_memory:
        print(json.dumps(measure_memory(args.measure_memory)))
        return
    missing = [relative for relative in TEMPLATES.values() if not (CORPUS / relative).is_file()]
    if missing:
        sys.exit(
            f"The shared corpus is missing ({CORPUS}: no {', '.join(missing)}). This benchmark "
            "fills the real blank RMI templates: put the corpus beside the checkout "
            "(../shared/corpus) and run it again."
        )
    if importlib.util.find_spec("pandas") is None:  # not imported yet: it would grow us
        sys.exit("pandas is needed for the baseline (b): .venv/bin/pip install pandas")
    if args.build_big:
        build_big(args.build_big)
        return
    stats = None if args.no_memory else memory_stats()  # first, while this process is small
    reference_load()
    print(f"Reference list: {len(REFERENCE)} smelters (the 6.5 template's Smelter Look-up tab).")
    timings_table(args.runs)
    if stats is not None:
        memory_table(stats)


if __name__ == "__main__":
    main()
