"""Fixtures of the hostile-input suite, and its summary: how many cases each path tried and
how many passed, printed at the end of any pytest run that ran them, e.g.

    hostile inputs, portal upload: 51 cases tried, 51 passed
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from suppliers.models import CampaignRequest, Supplier
from tests.hostile.corpus import (
    BULK_ALONE,
    BULK_ZIP,
    CMRT_CHECK,
    IMPORT_CMRT,
    PATHS,
    PORTAL,
    REFERENCE,
    REGISTRY,
)
from tests.suppliers.portal.conftest import make_campaign, make_request

# The test function behind each path (its parametrized ids are the corpus' file names).
PATH_OF_TEST = {
    "test_portal_upload": PORTAL,
    "test_bulk_file_alone": BULK_ALONE,
    "test_bulk_corpus_in_one_zip": BULK_ZIP,
    "test_cmrt_check": CMRT_CHECK,
    "test_import_cmrt": IMPORT_CMRT,
    "test_registry_import": REGISTRY,
    "test_reference_import": REFERENCE,
}
# A test that checks many cases at once records them: ("hostile_cases", n) and
# ("hostile_failed", k) in its user properties.
_tried: Counter[str] = Counter()
_passed: Counter[str] = Counter()
_passed_by_test: dict[str, int] = {}


@pytest.fixture(autouse=True)
def _no_static_scan(settings: Any) -> None:  # pytest-django's settings wrapper
    """Each test's client builds its own middleware, and WhiteNoise (finders on under DEBUG)
    would walk every static file each time: 80 ms a test, a third of a small case's time.
    These tests fetch no static file."""
    settings.WHITENOISE_USE_FINDERS = False


@pytest.fixture(autouse=True)
def _no_traceback(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """No error was logged, with or without a traceback: a 500 raises in the test client, but
    a task or a service could log one and carry on (an eager Celery task's failure would)."""
    yield
    logged = [
        record.getMessage()
        for record in caplog.get_records("call")
        if record.levelno >= logging.ERROR or record.exc_info
    ]
    assert logged == []


@pytest.fixture
def portal_request(supplier_a: Supplier) -> CampaignRequest:
    """An open 2026 campaign's request to supplier A, waiting for a file."""
    return make_request(make_campaign(), supplier_a)


def _path_of(nodeid: str) -> str | None:
    if "tests/hostile/" not in nodeid:
        return None
    function = nodeid.split("::")[-1].split("[")[0]
    return PATH_OF_TEST.get(function)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    path = _path_of(report.nodeid)
    if path is None or report.skipped:
        return
    properties = dict(report.user_properties)
    cases = int(properties.get("hostile_cases", 1))
    if report.when == "setup" and report.failed:
        _tried[path] += 1  # the case never ran: it did not pass
    elif report.when == "call":
        failed = int(properties.get("hostile_failed", 0 if report.passed else cases))
        _tried[path] += cases
        _passed[path] += cases - failed
        _passed_by_test[report.nodeid] = cases - failed
    elif report.when == "teardown" and report.failed:
        # e.g. an error was logged (_no_traceback): what the call counted did not pass
        _passed[path] -= _passed_by_test.pop(report.nodeid, 0)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _tried:
        return
    terminalreporter.section("hostile inputs")
    for path in PATHS:
        if _tried[path]:
            terminalreporter.write_line(
                f"hostile inputs, {path}: {_tried[path]} cases tried, {_passed[path]} passed"
            )
    total, passed = sum(_tried.values()), sum(_passed.values())
    terminalreporter.write_line(f"hostile inputs, all paths: {total} tried, {passed} passed")
