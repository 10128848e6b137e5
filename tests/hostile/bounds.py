"""Time and memory of one hostile file through one path, measured inside the test process.

The approach of ``measured`` in tests/cmrt/test_hostile.py, without a fresh interpreter per
case (hundreds of them would cost minutes): on Linux, writing 5 to /proc/PID/clear_refs resets
a process's peak resident memory (VmHWM), so the peak after the case minus what was resident
before it is what the case cost. Two processes do the work: this one (the view, the services,
openpyxl for registry imports) and the reader process that reads workbooks
(``cmrt.workbook.children``), forked on first use and replaced when it dies or has grown. A
reader forked during the case is measured against what this process had resident when the case
began (a fork shares those pages); a reader that died during the case was held by its own
RLIMIT_AS cap and cannot be measured any more (``reader_mb`` stays None).

The bounds are generous on purpose: they catch an unbounded read (minutes, gigabytes), not a
slow run on a loaded two-core machine.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cmrt.workbook import children

SECONDS = 20.0
MEGABYTES = 300.0


@dataclass
class Usage:
    seconds: float = 0.0
    own_mb: float | None = None  # None where /proc cannot say (not Linux)
    reader_mb: float | None = None  # None when no reader ran, or it died (capped)

    def __str__(self) -> str:
        def mb(value: float | None) -> str:
            return "-" if value is None else f"+{value:.0f} MB"

        return f"{self.seconds:.2f} s, this process {mb(self.own_mb)}, reader {mb(self.reader_mb)}"


def _status(pid: int, field: str) -> float | None:
    """A /proc/PID/status field in MB, or None when the process or /proc is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(field + r":\s+(\d+) kB", text)
    return int(found.group(1)) / 1024 if found else None


def _reset_peak(pid: int) -> float | None:
    """Restart ``pid``'s peak (VmHWM) here; what it has resident now, or None if it cannot."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return None
    return _status(pid, "VmRSS")


def _reader_pid() -> int | None:
    reader = children._reader
    if reader is None or not reader.alive or reader.owner != os.getpid():
        return None
    return reader.pid


@contextmanager
def bounded() -> Iterator[Usage]:
    """Measure the block; afterwards assert it stayed under ``SECONDS`` and ``MEGABYTES`` in
    this process and in the reader. The Usage is filled in when the block ends."""
    usage = Usage()
    me = os.getpid()
    own_before = _reset_peak(me)
    reader_before_pid = _reader_pid()
    reader_before = _reset_peak(reader_before_pid) if reader_before_pid else None
    start = time.perf_counter()
    yield usage
    usage.seconds = time.perf_counter() - start
    own_peak = _status(me, "VmHWM")
    if own_before is not None and own_peak is not None:
        usage.own_mb = own_peak - own_before
    reader = _reader_pid()
    if reader is not None:
        reader_peak = _status(reader, "VmHWM")
        baseline = reader_before if reader == reader_before_pid else own_before
        if reader_peak is not None and baseline is not None:
            usage.reader_mb = reader_peak - baseline
    print(f"bounded: {usage}")  # shown with -s, and with a failing test's output
    assert usage.seconds < SECONDS, f"took too long: {usage}"
    assert usage.own_mb is None or usage.own_mb < MEGABYTES, f"used too much memory: {usage}"
    assert usage.reader_mb is None or usage.reader_mb < MEGABYTES, f"reader too large: {usage}"
