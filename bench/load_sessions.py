"""The load bench's sessions: when they start and stop (``Plan``), and what a supplier and a
compliance person do in a loop until the deadline."""

from __future__ import annotations

import itertools
import json
import random
import re
import threading
import time
import traceback
import uuid
from collections import deque
from collections.abc import Callable

from bench._harness import HOST
from bench.load_client import (
    CSRF_INPUT,
    Browser,
    Record,
    RequestFailed,
    multipart,
    unique_copy,
)

POLL_FIRST_S, POLL_EVERY_S = 1.0, 1.5  # as suppliers' progress.js
SUPPLIER_THINK_S = (2.0, 5.0)
COMPLIANCE_THINK_S = (0.5, 2.0)
SIGN_IN_GRACE_S = 60.0
REQUEST_LINK = re.compile(r'href="(/portal/requests/\d+/)"')
STATUS_URL = re.compile(r'data-status-url="(/cmrt/submissions/\d+/status/)"')
SUBMISSION_PAGE = re.compile(r"/portal/files/(\d+)/")


class Plan:
    """When sessions start and stop. The measured window opens once every session has
    signed in (the ramp: 50 sign-ins of ~0.4 s CPU each are a storm of their own, reported
    on their own) and lasts ``seconds``; if some session never signs in, it opens
    ``SIGN_IN_GRACE_S`` after the ramp anyway."""

    def __init__(
        self,
        port: int,
        seconds: float,
        ramp: float,
        sessions: int,
        campaign_pk: int,
        think: tuple[float, float] = SUPPLIER_THINK_S,
    ) -> None:
        self.port, self.seconds, self.ramp, self.think = port, seconds, ramp, think
        self.sessions, self.campaign_pk = sessions, campaign_pk
        self.start = time.monotonic()
        self._window_start: float | None = None
        self._ready = 0
        self._lock = threading.Lock()

    @property
    def window_start(self) -> float:
        if self._window_start is not None:
            return self._window_start
        return self.start + self.ramp + SIGN_IN_GRACE_S

    @property
    def deadline(self) -> float:
        return self.window_start + self.seconds

    def begin_at(self, index: int, count: int) -> float:
        return self.start + self.ramp * index / max(1, count)

    def signed_in(self) -> None:
        with self._lock:
            self._ready += 1
            if self._ready == self.sessions and self._window_start is None:
                self._window_start = time.monotonic()


def _pause(seconds: float, plan: Plan) -> bool:
    """Sleep, but not past the deadline; False once it has passed."""
    remaining = plan.deadline - time.monotonic()
    if remaining <= 0:
        return False
    time.sleep(max(0.0, min(seconds, remaining)))
    return time.monotonic() < plan.deadline


# One pass of a session's loop, signed in; gets the session's own random numbers.
Visit = Callable[[Browser, random.Random], None]


def session_run(
    index: int,
    count: int,
    username: str,
    landing: str,
    plan: Plan,
    record: Record,
    seed: int,
    visit: Visit,
    think: tuple[float, float] | None,
) -> None:
    """The loop every session runs: start at its place in the ramp, sign in (again if the
    session was lost), ``visit``, think ``think`` seconds, until the deadline. A failed
    request is recorded where it failed; the loop waits a second and starts over."""
    rng = random.Random(seed)
    browser = Browser(plan.port, record)
    if not _pause(plan.begin_at(index, count) - time.monotonic(), plan):
        return
    signed_in = signed_in_once = False
    while time.monotonic() < plan.deadline:
        try:
            if not signed_in:
                browser.sign_in(username, landing)
                if not signed_in_once:
                    plan.signed_in()
                signed_in = signed_in_once = True
            visit(browser, rng)
        except RequestFailed:
            # A redirect to the login page means the session was lost: sign in again.
            signed_in = signed_in and "sessionid" in browser.cookies
            _pause(1.0, plan)
            continue
        except Exception as exc:  # a bug here, not the server's: recorded, never silent
            record.error("session", type(exc).__name__, traceback.format_exc())
            _pause(1.0, plan)
            continue
        if think is not None:
            _pause(rng.uniform(*think), plan)


def supplier_session(
    index: int,
    count: int,
    username: str,
    workbook: bytes,
    plan: Plan,
    limit: tuple[int, float],
    record: Record,
) -> None:
    """Portal home, the request page, an upload (unless at the upload limit), the
    submission page and its status polls; ``plan.think`` seconds between loops."""
    uploads: deque[float] = deque()  # when this session uploaded, for the upload limit
    sequences = itertools.count(1)

    def visit(browser: Browser, _rng: random.Random) -> None:
        home = browser.get("portal home", "/portal/")
        link = REQUEST_LINK.search(home.text)
        if link is None:
            record.error("portal home", "no open request on the page")
            raise RequestFailed
        request_path = link.group(1)
        page = browser.get("request page", request_path)
        now = time.monotonic()
        while uploads and now - uploads[0] >= limit[1]:
            uploads.popleft()
        if len(uploads) >= limit[0]:
            with record.lock:
                record.uploads_deferred += 1
            return
        token = CSRF_INPUT.search(page.text)
        if token is None:
            record.error("request page", "no CSRF token")
            raise RequestFailed
        sequence = next(sequences)
        content = unique_copy(workbook, f"load {username} {sequence} {uuid.uuid4()}")
        body, content_type = multipart(
            {"csrfmiddlewaretoken": token.group(1)},
            "file",
            f"CMRT 6.5 {username} v{sequence}.xlsx",
            content,
        )
        uploads.append(time.monotonic())
        with record.lock:
            record.uploads_sent += 1
        location = _upload(browser, plan, request_path, body, content_type)
        _follow(browser, plan, location)

    session_run(index, count, username, "/portal/", plan, record, index, visit, plan.think)


def _upload(browser: Browser, plan: Plan, request_path: str, body: bytes, content_type: str) -> str:
    """POST the way upload.js does; the submission page's address it answers with."""
    record = browser.record
    posted = browser.send(
        "upload POST",
        "POST",
        f"{request_path}upload/",
        body=body,
        headers={
            "Content-Type": content_type,
            "X-Requested-With": "XMLHttpRequest",
            "Referer": f"http://{HOST}:{plan.port}{request_path}",
        },
    )
    try:
        location = json.loads(posted.body)["location"]
    except (ValueError, KeyError, TypeError):
        record.error("upload POST", "no location in the answer", posted.text[:200])
        raise RequestFailed from None
    number = SUBMISSION_PAGE.fullmatch(location)
    if number is None:
        record.error("upload POST", "answered another address", location)
        raise RequestFailed
    with record.lock:
        record.uploads_accepted.add(int(number.group(1)))
    return location


def _follow(browser: Browser, plan: Plan, location: str) -> None:
    """The submission page, then its status JSON polled the way progress.js does until the
    check has finished, then the page again for the result."""
    record = browser.record
    submission = browser.get("submission page", location)
    status = STATUS_URL.search(submission.text)
    if status is None:  # already checked: the page shows the result, no polling
        with record.lock:
            record.uploads_seen_finished += 1
    wait = POLL_FIRST_S
    while status is not None and _pause(wait, plan):
        wait = POLL_EVERY_S
        answer = browser.get("status JSON", status.group(1))
        try:
            finished = bool(json.loads(answer.body)["finished"])
        except (ValueError, KeyError, TypeError):
            record.error("status JSON", "not the status JSON", answer.text[:200])
            raise RequestFailed from None
        if finished:
            with record.lock:
                record.uploads_seen_finished += 1
            browser.get("submission page", location)
            break


def compliance_session(index: int, count: int, username: str, plan: Plan, record: Record) -> None:
    """The campaign dashboard, its request list, the submissions list and the RCOI page,
    thinking between pages (not after the last: the next loop starts at once)."""
    pages = (
        ("campaign dashboard", f"/campaigns/{plan.campaign_pk}/"),
        ("campaign requests", f"/campaigns/{plan.campaign_pk}/requests/"),
        ("submissions list", "/cmrt/submissions/"),
        ("RCOI page", f"/reports/{plan.campaign_pk}/"),
    )

    def visit(browser: Browser, rng: random.Random) -> None:
        for kind, path in pages:
            browser.get(kind, path)
            if not _pause(rng.uniform(*COMPLIANCE_THINK_S), plan):
                break

    session_run(index, count, username, "", plan, record, 1000 + index, visit, None)
