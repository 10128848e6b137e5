"""Reads run in a memory- and time-capped child (cmrt/workbook/isolation.py). No database."""

from __future__ import annotations

import os
import signal
import time

import pytest
from django.utils import translation

from cmrt.reading import CmrtReadError
from cmrt.recognition import TemplateIdentity, TemplateKind
from cmrt.workbook import UnreadableWorkbook, isolation, read_isolated, workbook_open
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
