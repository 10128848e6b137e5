"""Forked children with capped memory (RLIMIT_AS) and time (an alarm) that run a function.

Two kinds, one protocol (length-prefixed pickles over pipes):

- the **reader process**: one long-lived child per process, forked on first use, that
  runs one job after another, and is replaced when it dies or has grown. Two things keep
  a job cheap (a few milliseconds): the upload's bytes cross through a shared memory
  *inbox* instead of the pipe (a 2 MB workbook took ~10 ms through the pipe), and large
  arguments that every job repeats (the smelter reference list) are *kept* by the reader
  after the first job and then sent as a key only;
- a **one-shot child** for functions that cannot be pickled by name (lambdas in tests):
  fork, run, report, exit. It costs the fork and the pages it copies (~20 ms).

A child that dies (the kernel refused memory, calamine aborted, the alarm rang) raises
``ChildDied`` in the parent with the reason.
"""

from __future__ import annotations

import atexit
import contextlib
import faulthandler
import fcntl
import gc
import io
import mmap
import os
import pickle
import resource
import select
import signal
import struct
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils import translation

_STATUS = Path("/proc/self/status")
_PIPE_MAX = Path("/proc/sys/fs/pipe-max-size")
_GRACE_SECONDS = 5
_HEADER = struct.Struct("<QB")  # payload length; 1 when the reader retires after this reply
_OUT_OF_MEMORY_EXIT = 3
# The reader's shared inbox: uploads are capped at 25 MB (MAX_UPLOAD_BYTES); a larger
# decrypted workbook goes through the pipe instead. Pages are only used once written.
_INBOX_BYTES = 32 * 1024 * 1024
_KEPT_MAX = 4  # arguments a reader keeps (reference lists); the oldest is dropped first
# Threads that wait for finished children (benchmarks join them to see their usage).
REAPER_THREAD = "cmrt-reader-reaper"


class ChildDied(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "memory", "time" or "crash"


class NotSendable(TypeError):
    """The function or its arguments cannot be pickled by name (a lambda): use ``run_once``.
    Its own type, so that a TypeError raised by the job itself is not taken for it."""


def children_available() -> bool:
    return hasattr(os, "fork") and _STATUS.exists()


def _mapped_bytes() -> int:
    for line in _STATUS.read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def _cap(memory: int) -> None:
    """In the child: no collections over the parent's objects (each would copy every page
    they sit on), the default alarm action, and ``memory`` bytes above what is mapped."""
    gc.freeze()
    faulthandler.disable()  # a crash is reported by the parent, not dumped to stderr here
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    limit = _mapped_bytes() + memory
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _release_inherited(keep: set[int]) -> None:
    """In the child: point every inherited descriptor except ``keep`` at /dev/null.

    A child that keeps its parent's sockets and pipes keeps them open for as long as it
    lives: a database connection the parent closed, a pipe whose reader waits for EOF.
    Closing them outright would let a number be reused while a Python object inherited
    from the parent still believes it owns it; /dev/null keeps each number taken."""
    null = os.open(os.devnull, os.O_RDWR)
    with contextlib.suppress(OSError):
        for name in os.listdir("/proc/self/fd"):
            fd = int(name)
            if fd > 2 and fd != null and fd not in keep:
                with contextlib.suppress(OSError):  # the listing's own descriptor, gone
                    os.dup2(null, fd)
    os.close(null)


def _outcome(function: Callable[..., Any], args: tuple[Any, ...]) -> tuple[bytes, object]:
    """The pickled outcome, and the outcome itself: freeing its thousands of objects can wait
    until the reply is on its way."""
    try:
        outcome: tuple[str, Any] = ("value", function(*args))
    except MemoryError:
        os._exit(_OUT_OF_MEMORY_EXIT)
    except Exception as exc:
        outcome = ("error", exc)
    try:
        return pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL), outcome
    except MemoryError:
        os._exit(_OUT_OF_MEMORY_EXIT)
    except Exception as exc:  # an unpicklable result or exception: keep its text
        return pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}"))), outcome


def _pipe() -> tuple[int, int]:
    """A pipe as large as the system allows (1 MB by default on Linux): a whole upload then
    crosses in one write instead of sixteen 64 KB hand-overs between the two processes."""
    read_end, write_end = os.pipe()
    with contextlib.suppress(OSError, ValueError, AttributeError):  # the default works, slower
        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, int(_PIPE_MAX.read_text()))
    return read_end, write_end


def _write_frame(fd: int, payload: bytes, flag: int = 0) -> None:
    view = memoryview(_HEADER.pack(len(payload), flag) + payload)
    while view:
        view = view[os.write(fd, view) :]


def _read_frame(
    fd: int, pid: int | None = None, deadline: float | None = None
) -> tuple[bytes, int] | None:
    """One frame, or None when the other side closed the pipe or the deadline passed (then
    ``pid`` is killed)."""
    buffer = bytearray()
    expected: int | None = None
    flag = 0
    while expected is None or len(buffer) < expected:
        if deadline is not None:
            ready, _w, _x = select.select([fd], [], [], max(deadline - time.monotonic(), 0))
            if not ready:
                if pid is not None:
                    os.kill(pid, signal.SIGKILL)
                return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return None
        buffer += chunk
        if expected is None and len(buffer) >= _HEADER.size:
            length, flag = _HEADER.unpack_from(buffer)
            expected = _HEADER.size + length
    return bytes(buffer[_HEADER.size :]), flag


def _loads(payload: bytes) -> Any:
    collecting = gc.isenabled()
    gc.disable()  # thousands of small objects: a collection mid-way only costs time
    try:
        kind, value = pickle.loads(payload)
    finally:
        if collecting:
            gc.enable()
    if kind == "error":
        raise value
    return value


def _death(pid: int) -> ChildDied:
    _pid, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        killed = os.WTERMSIG(status)
        if killed in (signal.SIGALRM, signal.SIGKILL):
            return ChildDied("time")
        return ChildDied("memory" if killed == signal.SIGABRT else "crash")
    return ChildDied("memory" if os.WEXITSTATUS(status) == _OUT_OF_MEMORY_EXIT else "crash")


def _reap_later(pid: int) -> None:
    threading.Thread(target=os.waitpid, args=(pid, 0), name=REAPER_THREAD, daemon=True).start()


# --- One-shot child -----------------------------------------------------------------------


def run_once(function: Callable[..., Any], args: tuple[Any, ...], memory: int, seconds: int) -> Any:
    reader, writer = _pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        status = 0
        try:
            os.close(reader)
            _release_inherited({writer})
            _cap(memory)
            signal.alarm(seconds)
            _write_frame(writer, _outcome(function, args)[0])
        except BaseException:
            status = 4
        finally:
            os._exit(status)
    os.close(writer)
    try:
        frame = _read_frame(reader, pid, time.monotonic() + seconds + _GRACE_SECONDS)
    finally:
        os.close(reader)
    if frame is None:
        raise _death(pid)
    _reap_later(pid)  # tearing down its memory takes a few ms: not on this thread
    return _loads(frame[0])


# --- The reader process -------------------------------------------------------------------
#
# A request is one frame: pickle((new_kept, kept_keys, job)), where ``job`` is
# pickle((function, args, language, seconds)) written with persistent ids: ("inbox", n)
# for the upload's bytes (the first n bytes of the shared inbox) and ("kept", key) for an
# argument the reader keeps. ``new_kept`` carries the arguments it does not have yet;
# ``kept_keys`` says which to keep (the parent forgets the oldest first).


class _JobPickler(pickle.Pickler):
    def __init__(
        self, file: io.BytesIO, inbox: mmap.mmap, upload: bytes, kept: dict[int, object]
    ) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.inbox, self.upload, self.kept = inbox, upload, kept

    def persistent_id(self, obj: object) -> tuple[str, int] | None:
        if obj is self.upload and len(self.upload) <= len(self.inbox):
            self.inbox[: len(self.upload)] = self.upload
            return ("inbox", len(self.upload))
        if id(obj) in self.kept and self.kept[id(obj)] is obj:
            return ("kept", id(obj))
        return None


class _JobUnpickler(pickle.Unpickler):
    def __init__(self, payload: bytes, inbox: mmap.mmap, kept: dict[int, object]) -> None:
        super().__init__(io.BytesIO(payload))
        self.inbox, self.kept = inbox, kept

    def persistent_load(self, pid: tuple[str, int]) -> object:
        kind, value = pid
        return self.inbox[:value] if kind == "inbox" else self.kept[value]


def _serve(
    requests: int, replies: int, memory: int, inbox: mmap.mmap
) -> None:  # pragma: no cover - child
    status = 0
    kept: dict[int, object] = {}
    try:
        _release_inherited({requests, replies})
        _cap(memory)
        baseline = _mapped_bytes()
        while True:
            frame = _read_frame(requests)
            if frame is None:
                break  # the parent has gone
            new_kept, kept_keys, job = pickle.loads(frame[0])
            kept = {key: kept[key] for key in kept_keys if key in kept} | new_kept
            function, args, language, seconds = _JobUnpickler(job, inbox, kept).load()
            signal.alarm(seconds)
            with translation.override(language):
                payload, outcome = _outcome(function, args)
            signal.alarm(0)
            # Memory the jobs left mapped counts against the cap: retire well before it.
            retire = _mapped_bytes() - baseline > memory // 2
            _write_frame(replies, payload, int(retire))
            del payload, outcome, function, args
            if retire:
                break
    except BaseException:
        status = 4
    finally:
        os._exit(status)


class _ReaderProcess:
    def __init__(self, memory: int) -> None:
        requests_read, self.requests = _pipe()
        self.replies, replies_write = _pipe()
        self.memory = memory
        self.owner = os.getpid()
        # Shared with the child (an anonymous MAP_SHARED mapping survives the fork).
        self.inbox = mmap.mmap(-1, _INBOX_BYTES)
        self.kept: dict[int, object] = {}  # id -> the object itself, so the id stays its own
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - serves until the parent goes
            os.close(self.requests)
            os.close(self.replies)
            _serve(requests_read, replies_write, memory, self.inbox)
        os.close(requests_read)
        os.close(replies_write)
        self.alive = True

    def close(self) -> None:
        if self.alive:
            self.alive = False
            os.close(self.requests)
            os.close(self.replies)
            self.inbox.close()
            _reap_later(self.pid)

    def request(
        self,
        function: Callable[..., Any],
        args: tuple[Any, ...],
        seconds: int,
        keep: tuple[object, ...],
    ) -> bytes:
        """The request frame; raises NotSendable when something cannot be pickled."""
        new_kept = {id(obj): obj for obj in keep if id(obj) not in self.kept}
        kept = {**self.kept, **new_kept}
        while len(kept) > _KEPT_MAX:
            kept.pop(next(iter(kept)))
        buffer = io.BytesIO()
        upload = args[0] if args and isinstance(args[0], bytes) else b""
        try:
            _JobPickler(buffer, self.inbox, upload, kept).dump(
                (function, args, translation.get_language(), seconds)
            )
            sent_now = {key: kept[key] for key in new_kept if key in kept}
            request = pickle.dumps(
                (sent_now, tuple(kept), buffer.getvalue()), protocol=pickle.HIGHEST_PROTOCOL
            )
        except (pickle.PicklingError, AttributeError, TypeError) as exc:
            raise NotSendable(f"cannot send to the reader process: {exc}") from None
        self.kept = kept
        return request

    def run(self, request: bytes, seconds: int) -> Any:
        try:
            _write_frame(self.requests, request)
            frame = _read_frame(self.replies, self.pid, time.monotonic() + seconds + _GRACE_SECONDS)
        except OSError:  # BrokenPipeError: it died before reading the request
            frame = None
        if frame is None:
            self.alive = False  # reaped here, by _death, to learn why it died
            os.close(self.requests)
            os.close(self.replies)
            self.inbox.close()
            raise _death(self.pid)
        payload, retiring = frame
        if retiring:
            self.close()
        return _loads(payload)


_reader: _ReaderProcess | None = None
_reader_lock = threading.Lock()


def run_in_reader(
    function: Callable[..., Any],
    args: tuple[Any, ...],
    memory: int,
    seconds: int,
    *,
    keep: tuple[object, ...] = (),
) -> Any:
    """Run in this process's reader (started or replaced as needed); jobs run one at a time.

    ``args[0]``, when bytes, crosses through the shared inbox. Each object in ``keep`` (an
    argument every job repeats) is sent once and then kept by the reader.
    Raises NotSendable when ``function`` or ``args`` cannot be pickled (use ``run_once``)."""
    global _reader
    with _reader_lock:
        if (
            _reader is None
            or not _reader.alive
            or _reader.owner != os.getpid()
            or _reader.memory != memory
        ):
            if _reader is not None and _reader.owner == os.getpid():
                _reader.close()
            _reader = _ReaderProcess(memory)
        return _reader.run(_reader.request(function, args, seconds, keep), seconds)


def stop_reader() -> None:
    """End this process's reader (it also ends by itself when this process exits)."""
    global _reader
    with _reader_lock:
        if _reader is not None and _reader.owner == os.getpid():
            _reader.close()
        _reader = None


atexit.register(stop_reader)
