"""Reads run in a memory- and time-capped child (cmrt/workbook/isolation.py). No database."""

from __future__ import annotations

import hashlib
import os
import select
import signal
import time

import pytest
from django.utils import translation

from cmrt.reading import CmrtReadError
from cmrt.recognition import TemplateIdentity, TemplateKind
from cmrt.workbook import UnreadableWorkbook, children, isolation, read_isolated, workbook_open
from tests.cmrt import hostile
from tests.cmrt.builders import template_workbook

pytestmark = pytest.mark.skipif(
    not isolation.isolation_available(), reason="needs fork and /proc (Linux)"
)

FAR_APART = hostile.with_sheet(
    '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'
)
TOO_MANY_ROWS = (
    "The sheet “Declaration” has data down to row 1,048,576; a CMRT sheet ends within the first "
    "few thousand rows (the limit is 100,000). Delete the rows below your data, save and upload "
    "again."
)


def sheet_names(content: bytes) -> tuple[str, ...]:
    return workbook_open(content).sheet_names


def test_the_value_comes_back_from_the_child() -> None:
    content = template_workbook()
    assert read_isolated(content, sheet_names) == workbook_open(content).sheet_names
    assert "Declaration" in read_isolated(content, sheet_names)


def test_the_child_runs_in_another_process() -> None:
    assert read_isolated(template_workbook(), lambda _content: os.getpid()) != os.getpid()


def test_an_error_keeps_its_type_and_details() -> None:
    identity = TemplateIdentity(kind=TemplateKind.EMRT, version="2.1", language="English")

    def refuse(_content: bytes) -> None:
        raise CmrtReadError("This is an EMRT.", identity)

    with pytest.raises(CmrtReadError) as caught:
        read_isolated(template_workbook(), refuse)
    assert (str(caught.value), caught.value.identity) == ("This is an EMRT.", identity)


def test_a_read_that_would_abort_the_process_is_explained_by_the_pre_read() -> None:
    """calamine would allocate A1:XFD1048576 (512 GB) and abort: only the child dies."""

    def read_every_sheet(content: bytes) -> None:
        workbook = workbook_open(content)
        for name in workbook.sheet_names:
            workbook.sheet(name)

    with pytest.raises(UnreadableWorkbook) as caught:
        read_isolated(FAR_APART, read_every_sheet)
    assert str(caught.value) == TOO_MANY_ROWS


def test_running_out_of_memory_is_a_message() -> None:
    with pytest.raises(UnreadableWorkbook) as caught:
        read_isolated(template_workbook(), lambda _content: bytearray(4 << 30), memory=64 << 20)
    assert str(caught.value) == (
        "The workbook needs far more memory to read than a CMRT does, so it was refused. Delete "
        "unused rows, columns and formatting, save it as .xlsx and upload again."
    )


def test_running_out_of_time_is_a_message() -> None:
    started = time.monotonic()
    with pytest.raises(UnreadableWorkbook) as caught:
        read_isolated(template_workbook(), lambda _content: time.sleep(30), seconds=1)
    assert str(caught.value) == (
        "Reading the workbook took longer than 1 seconds, far longer than a CMRT takes, so it "
        "was stopped. Save it as .xlsx in Excel and upload the new copy."
    )
    assert time.monotonic() - started < 10


def test_a_crash_is_a_message() -> None:
    with pytest.raises(UnreadableWorkbook) as caught:
        read_isolated(template_workbook(), lambda _content: os.kill(os.getpid(), signal.SIGSEGV))
    assert str(caught.value) == (
        "The workbook cannot be read: its contents are malformed. Open it in Excel, save it as "
        ".xlsx and upload it again."
    )


def test_without_fork_the_pre_read_runs_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolation, "isolation_available", lambda: False)
    assert read_isolated(template_workbook(), lambda _content: os.getpid()) == os.getpid()
    with pytest.raises(UnreadableWorkbook) as caught:
        read_isolated(FAR_APART, sheet_names)
    assert str(caught.value) == TOO_MANY_ROWS


# --- The long-lived reader process (functions picklable by name go there) ----------------

_KEPT: list[bytearray] = []


def reader_pid(_content: bytes) -> int:
    return os.getpid()


def reader_language(_content: bytes) -> str:
    return translation.get_language()


def reader_crash(_content: bytes) -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def reader_keeps(_content: bytes, megabytes: int) -> int:
    _KEPT.append(bytearray(megabytes << 20))  # still mapped after the job: it grew
    return os.getpid()


def test_picklable_functions_share_one_reader_process() -> None:
    content = template_workbook()
    first = read_isolated(content, reader_pid)
    assert first != os.getpid()
    assert read_isolated(content, reader_pid) == first


def test_the_reader_speaks_the_callers_language() -> None:
    with translation.override("ja"):
        assert read_isolated(template_workbook(), reader_language) == "ja"
    with translation.override("en"):
        assert read_isolated(template_workbook(), reader_language) == "en"


def test_a_dead_reader_is_replaced() -> None:
    content = template_workbook()
    before = read_isolated(content, reader_pid)
    with pytest.raises(UnreadableWorkbook):
        read_isolated(content, reader_crash)
    after = read_isolated(content, reader_pid)
    assert after not in (before, os.getpid())


def test_a_reader_that_grew_retires_after_its_reply() -> None:
    content = template_workbook()
    memory = 256 << 20
    grown = read_isolated(content, reader_keeps, 200, memory=memory)  # over half its room
    assert read_isolated(content, reader_pid, memory=memory) != grown


def reader_digest(content: bytes) -> tuple[int, str]:
    return len(content), hashlib.sha256(content).hexdigest()


def reader_identity(_content: bytes, reference: tuple[int, ...]) -> tuple[int, int]:
    return id(reference), sum(reference)


def reader_type_error(_content: bytes) -> None:
    raise TypeError("the job's own TypeError")


@pytest.mark.parametrize("inbox_bytes", [32 << 20, 1024], ids=["inbox", "too large: pipe"])
def test_the_upload_arrives_intact_through_the_inbox_or_the_pipe(
    monkeypatch: pytest.MonkeyPatch, inbox_bytes: int
) -> None:
    monkeypatch.setattr(children, "_INBOX_BYTES", inbox_bytes)
    children.stop_reader()  # the inbox is made with the reader
    content = os.urandom(3 << 20)
    try:
        for upload in (content, content[:5000], b""):
            expected = (len(upload), hashlib.sha256(upload).hexdigest())
            assert read_isolated(upload, reader_digest) == expected
    finally:
        children.stop_reader()


def test_a_kept_argument_is_sent_once_and_then_by_key() -> None:
    reference = tuple(range(20_000))
    children.stop_reader()
    first = read_isolated(b"x", reader_identity, reference, keep=(reference,))
    reader = children._reader
    assert reader is not None
    again = reader.request(reader_identity, (b"x", reference), 30, (reference,))
    assert len(again) < 1000  # the key, not 20,000 numbers
    # The reader answers from the same object it kept: same id, same content.
    assert read_isolated(b"x", reader_identity, reference, keep=(reference,)) == first
    assert first[1] == sum(reference)
    unkept = tuple(range(10))
    assert read_isolated(b"x", reader_identity, unkept)[1] == 45


def test_a_changed_reference_is_sent_again() -> None:
    old, new = tuple(range(100)), tuple(range(200))
    assert read_isolated(b"x", reader_identity, old, keep=(old,))[1] == sum(old)
    assert read_isolated(b"x", reader_identity, new, keep=(new,))[1] == sum(new)
    assert read_isolated(b"x", reader_identity, old, keep=(old,))[1] == sum(old)


def test_a_type_error_of_the_job_is_not_taken_for_an_unpicklable_job(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_second_run(*_args: object) -> None:
        raise AssertionError("the job ran again in a one-shot child")

    monkeypatch.setattr(isolation, "run_once", no_second_run)
    with pytest.raises(TypeError, match="^the job's own TypeError$"):
        read_isolated(b"x", reader_type_error)


def test_the_reader_lets_go_of_the_descriptors_it_inherits() -> None:
    """A pipe opened before the reader starts: once this process closes its write end, the
    read end sees EOF, because the reader does not hold a copy of the write end."""
    children.stop_reader()
    read_end, write_end = os.pipe()
    try:
        read_isolated(b"x", reader_pid)  # a new reader, forked while the pipe is open
        os.close(write_end)
        ready, _w, _x = select.select([read_end], [], [], 5)
        assert ready and os.read(read_end, 1) == b""
    finally:
        os.close(read_end)
        children.stop_reader()
