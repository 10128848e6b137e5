"""Read an upload in a forked child whose memory and time are capped.

A hostile workbook can make python-calamine (Rust) allocate terabytes, which aborts the
whole process with no exception to catch. Checking for every such trick before reading
means walking all the XML in Python first, several times slower than the read itself.
So the read runs in a forked child instead (``cmrt.workbook.children``): its address space
is capped (RLIMIT_AS), an alarm ends it, and whatever it returns comes back pickled. Reads
go to one long-lived reader process per process, which costs a few milliseconds per file;
only when the child dies does the parent run the slow, bounded pre-read
(``workbook_inspect``) to say exactly what was wrong with the file.

Where ``fork`` or ``/proc`` is missing (Windows, macOS), the pre-read runs first in the
process and the read follows it there: slower, equally safe.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from cmrt.workbook.children import (
    ChildDied,
    NotSendable,
    children_available,
    run_in_reader,
    run_once,
)
from cmrt.workbook.model import UnreadableWorkbook
from cmrt.workbook.opening import CalamineRefusal, workbook_inspect

T = TypeVar("T")

# Room for the read above what the process already maps. A 10 MB CMRT needs about 70 MB.
READ_MEMORY_BYTES = 512 * 1024 * 1024
READ_SECONDS = 30


def isolation_available() -> bool:
    return children_available()


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
    keep: tuple[object, ...] = (),
) -> T:
    """``function(content, *args)``, run where a hostile file cannot exhaust the process.

    ``keep``: arguments that every call repeats (the reference list), kept by the reader
    process after the first call instead of being sent each time.

    Raises what ``function`` raises, or UnreadableWorkbook when the read ran out of memory
    or time or crashed (with the pre-read's exact reason when it finds one).
    """
    if not isolation_available():
        workbook_inspect(content)
        return function(content, *args)
    try:
        try:
            return run_in_reader(function, (content, *args), memory, seconds, keep=keep)
        except NotSendable:  # not picklable by name (a lambda): a one-shot child instead
            return run_once(function, (content, *args), memory, seconds)
    except CalamineRefusal:
        workbook_inspect(content)  # a damaged part or cell position, named
        raise
    except ChildDied as died:
        workbook_inspect(content)  # names the sheet and limit when it can
        raise UnreadableWorkbook(_died_message(died.reason, seconds)) from None
