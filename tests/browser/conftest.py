"""Browser journeys: Debian's Chromium, driven by Playwright, against a live server on
loopback, PostgreSQL, Redis and a real Celery worker.

Run with ``make test-browser`` (DATABASE_URL, CELERY_BROKER_URL set; .ci/run does this).
The journeys of one module tell one story (a campaign year, from invitation to the approved
report), so the module shares one database state, one server and one browser: later
journeys start where earlier ones stopped, and are skipped once one has failed.

- The server is Django's ``LiveServerThread`` inside the pytest process, so the mails it
  sends land in ``django.core.mail.outbox`` (pytest-django switches to the locmem backend).
- The worker is the live tests' ``celery_worker_process`` (tests/live/conftest.py), on the
  test database and on ``LIVE_MEDIA``, which the server here uses as MEDIA_ROOT too.
- Screenshots go to var/screenshots/<journey>-<step>.png, the folder to keep as CI artifacts.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import call_command
from django.db import connections
from django.test.testcases import LiveServerThread
from django.test.utils import override_settings, setup_databases, teardown_databases
from django.utils import timezone
from playwright.sync_api import Browser, expect, sync_playwright

from cmrt.workbook.children import stop_reader
from tests.browser.story import SCREENSHOTS, Story, seed_registry
from tests.live.conftest import LIVE_MEDIA, celery_worker_process  # noqa: F401 - a fixture

# Debian's package; Playwright's own browser builds cannot be downloaded here.
CHROMIUM = os.environ.get("BROWSER_EXECUTABLE", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Waits for the worker (reading a CMRT, a bulk zip, rendering four documents) are the long
# ones; everything else answers in well under a second on loopback.
WORKER_TIMEOUT_MS = 90_000
ACTION_TIMEOUT_MS = 15_000

# The database DATABASE_URL names, before pytest-django switches to its test database.
_CONFIGURED_DB_NAME = settings.DATABASES["default"]["NAME"]

# Names of the module whose journey failed, and which journey: the rest of its story skips.
_failed: dict[str, str] = {}


def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> None:
    if call.excinfo is None or call.excinfo.errisinstance(pytest.skip.Exception):
        return
    _failed.setdefault(item.module.__name__, item.name)  # type: ignore[attr-defined]
    world = getattr(item, "funcargs", {}).get("story")
    if isinstance(world, Story) and call.when == "call":
        # What each persona saw when it went wrong: the first thing to look at in CI.
        world.shoot_everyone(f"failed-{item.name}")


def pytest_runtest_setup(item: pytest.Item) -> None:
    failed = _failed.get(item.module.__name__)  # type: ignore[attr-defined]
    if failed is not None:
        pytest.skip(f"{failed} failed; this journey continues its story")


@pytest.fixture(autouse=True)
def _fast_and_private() -> None:
    """Replaces tests/conftest.py's per-test MEDIA_ROOT and hashers: the server thread and
    the worker must keep seeing the module's settings (``story``) from one journey to the
    next, and a per-test override would move the uploads away from the worker."""


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """pytest-django creates the test database only for tests that ask for ``db`` or carry
    a django_db mark. The journeys do neither (a per-test transaction would hide their
    rows from the server thread, a per-test flush would cut their story short), so the
    test database is created here unless another test of the session already made it."""
    if connections["default"].settings_dict["NAME"] != _CONFIGURED_DB_NAME:
        yield
        return
    with django_db_blocker.unblock():
        created = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    yield
    with django_db_blocker.unblock():
        teardown_databases(created, verbosity=0)


@pytest.fixture(scope="module")
def _async_unsafe_allowed() -> Iterator[None]:
    # Playwright's sync API runs an event loop on the main thread; Django then refuses ORM
    # calls from that thread unless told that this (single-threaded test code) is safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@contextmanager
def _chromium() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: apt-get install chromium (or set BROWSER_EXECUTABLE)",
            pytrace=False,
        )
    expect.set_options(timeout=ACTION_TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def story(
    django_db_setup: None,
    django_db_blocker: Any,
    celery_worker_process: Any,  # noqa: F811 - the fixture imported above
    _async_unsafe_allowed: None,
) -> Iterator[Story]:
    """The module's world: registry rows, a live server, persona browser contexts."""
    # Never the database DATABASE_URL names: the journeys write and then flush.
    assert connections["default"].settings_dict["NAME"] != _CONFIGURED_DB_NAME
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    LIVE_MEDIA.mkdir(parents=True, exist_ok=True)
    # The module keeps DB access open: the server thread's queries go through
    # pytest-django's blocker too, and the journeys' state must outlive each test.
    with django_db_blocker.unblock():
        # Port 0: the system picks a free loopback port, so parallel sessions never clash.
        server = LiveServerThread("127.0.0.1", static_handler=StaticFilesHandler, port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        base_url = f"http://127.0.0.1:{server.port}"
        # The server thread reads the settings as they are at each request.
        settings_override = override_settings(
            MEDIA_ROOT=LIVE_MEDIA,
            SITE_URL=base_url,  # links in the mails point at this server
            ALLOWED_HOSTS=["127.0.0.1"],
            # Real hashers are slow on purpose; the journeys check behaviour, not hashing.
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        )
        settings_override.enable()
        try:
            registry = seed_registry(reporting_year=timezone.localdate().year - 1)
            # The reference import forked this process's long-lived CMRT reader child
            # (cmrt/workbook/children.py). It lets go of the descriptors it inherits (the
            # database connection, Playwright's pipe), but a reader forked before the
            # browser starts is one process fewer to reason about: stopped here, and again
            # before Playwright stops.
            stop_reader()
            with _chromium() as browser:
                world = Story(
                    base_url=base_url,
                    browser=browser,
                    registry=registry,
                    worker_timeout_ms=WORKER_TIMEOUT_MS,
                )
                try:
                    yield world
                finally:
                    world.close()
                    stop_reader()
        finally:
            server.terminate()
            settings_override.disable()
            # The next module (or live tests in the same session) starts from an empty
            # database, as a transactional test leaves it.
            call_command("flush", interactive=False, verbosity=0)
            # The connection opened here is not the one the session's teardown closes
            # before it drops the test database (Django's connections are per context),
            # and PostgreSQL refuses to drop a database with open connections.
            connections.close_all()


@pytest.fixture(autouse=True)
def _no_problems_in_the_browser(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every journey fails on a server error, an uncaught script error or a blocked
    resource (Content-Security-Policy), even if its visible text looked fine."""
    if "story" not in request.fixturenames:
        yield
        return
    world: Story = request.getfixturevalue("story")
    world.problems.clear()
    yield
    assert not world.problems, "\n".join(world.problems)
