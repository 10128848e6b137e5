"""Read an upload in a forked child whose memory and time are capped.

A hostile workbook can make python-calamine (Rust) allocate terabytes, which aborts the
whole process with no exception to catch. Checking for every such trick before reading
means walking all the XML in Python first, which is ten times slower than the read itself.
So the read runs in a forked child instead: its address space is capped (RLIMIT_AS) and an
alarm ends it, and whatever it returns comes back pickled. A normal CMRT costs the fork
and the pickling (about 10 ms); only when the child dies does the parent run the slow,
bounded pre-read (``workbook_inspect``) to say exactly what was wrong with the file.

Where ``fork`` or ``/proc`` is missing (Windows, macOS), the pre-read runs first in the
process and the read follows it there: slower, equally safe.
"""

from __future__ import annotations

import gc
import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from cmrt.workbook.model import UnreadableWorkbook
from cmrt.workbook.opening import CalamineRefusal, workbook_inspect

T = TypeVar("T")

# Room for the read above what the process already maps. A 10 MB CMRT needs about 70 MB.
READ_MEMORY_BYTES = 512 * 1024 * 1024
READ_SECONDS = 30
_GRACE_SECONDS = 5

_STATUS = Path("/proc/self/status")


class _ChildDied(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "memory", "time" or "crash"


def isolation_available() -> bool:
    return hasattr(os, "fork") and _STATUS.exists()


def _mapped_bytes() -> int:
    for line in _STATUS.read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def _child(
    function: Callable[..., Any], args: tuple[Any, ...], writer: int, memory: int, seconds: int
) -> None:
    """Runs in the fork: never returns, never runs the parent's exit handlers."""
    status = 0
    try:
        # A collection would write to every object the parent made, copying each memory page
        # of the parent (tens of ms); this short-lived child frees everything at exit anyway.
        gc.disable()
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.alarm(seconds)
        limit = _mapped_bytes() + memory
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        try:
            outcome: tuple[str, Any] = ("value", function(*args))
        except MemoryError:
            os._exit(3)
        except Exception as exc:
            outcome = ("error", exc)
        try:
            payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            os._exit(3)
        except Exception as exc:  # an unpicklable exception: keep its text
            payload = pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
        view = memoryview(payload)
        while view:
            view = view[os.write(writer, view) :]
    except BaseException:
        status = 4
    finally:
        os._exit(status)


def _run_in_child(
    function: Callable[..., T], args: tuple[Any, ...], memory: int, seconds: int
) -> T:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        os.close(reader)
        _child(function, args, writer, memory, seconds)
    os.close(writer)
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds + _GRACE_SECONDS
    try:
        while True:
            remaining = deadline - time.monotonic()
            ready, _w, _x = select.select([reader], [], [], max(remaining, 0))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                break
            chunk = os.read(reader, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(reader)
        _pid, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        killed = os.WTERMSIG(status)
        raise _ChildDied(
            "time"
            if killed in (signal.SIGALRM, signal.SIGKILL)
            else "memory"
            if killed == signal.SIGABRT
            else "crash"
        )
    if os.WEXITSTATUS(status) == 3:
        raise _ChildDied("memory")
    if os.WEXITSTATUS(status) != 0 or not chunks:
        raise _ChildDied("crash")
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "error":
        raise value
    return value


def _died_message(reason: str, seconds: int) -> str:
    if reason == "memory":
        return _(
            "The workbook needs far more memory to read than a CMRT does, so it was refused. "
            "Delete unused rows, columns and formatting, save it as .xlsx and upload again."
        )
    if reason == "time":
        return _(
            "Reading the workbook took longer than %(seconds)s seconds, far longer than a CMRT "
            "takes, so it was stopped. Save it as .xlsx in Excel and upload the new copy."
        ) % {"seconds": seconds}
    return _(
        "The workbook cannot be read: its contents are malformed. "
        "Open it in Excel, save it as .xlsx and upload it again."
    )


def read_isolated(
    content: bytes,
    function: Callable[..., T],
    *args: Any,
    memory: int = READ_MEMORY_BYTES,
    seconds: int = READ_SECONDS,
) -> T:
    """``function(content, *args)``, run where a hostile file cannot exhaust the process.

    Raises what ``function`` raises, or UnreadableWorkbook when the read ran out of memory
    or time or crashed (with the pre-read's exact reason when it finds one).
    """
    if not isolation_available():
        workbook_inspect(content)
        return function(content, *args)
    try:
        return _run_in_child(function, (content, *args), memory, seconds)
    except CalamineRefusal:
        workbook_inspect(content)  # a damaged part or cell position, named
        raise
    except _ChildDied as died:
        workbook_inspect(content)  # names the sheet and limit when it can
        raise UnreadableWorkbook(_died_message(died.reason, seconds)) from None
