"""Load: concurrent supplier sessions uploading and polling, plus compliance dashboards,
against gunicorn and real Celery workers on PostgreSQL and Redis, for a bounded time.

    .venv/bin/python bench/load.py                              # issue 7: 50 sessions, 60 s
    .venv/bin/python bench/load.py --seconds 10 --suppliers 5   # a smoke run
    .venv/bin/python bench/load.py --think 5 10                 # suppliers wait longer
    .venv/bin/python bench/load.py --profile                    # then each page in-process

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth) and Redis on 127.0.0.1:6379.
On a shared machine run it under ``flock /tmp/cmrt-live.lock`` like the live tests. Creates
a throwaway database (dropped at the end, even on errors), uses Redis database 14 as the
Celery broker and 15 as the shared cache (both flushed at the start and the end) and a
temporary VAR_DIR / MEDIA_ROOT / STATIC_ROOT shared by the web server and the workers
(``LOAD_KEEP_LOGS=1`` keeps that folder and its servers.log).

Seeds the demo smelter reference list and its RMAP snapshot, one open campaign, N suppliers
(each with a contact, a supplier user and an invited campaign request) and the compliance
users. Starts ``gunicorn config.wsgi -w 4 --threads 2`` (DEBUG off; ``--web-workers``,
``--web-threads``) and two ``celery -A config worker -c 1`` processes, and waits until the
login page answers and both workers answer a ping. On 2 cores: 4 processes keep both cores
busy while some requests wait on PostgreSQL, and a second thread per process overlaps
those waits without another process's memory. 2x4, 3x2 and 4x2 measured the same within
noise here (the run is CPU-bound); one try of sync workers (5x1) was no better, though other
jobs shared the machine then.

- each supplier session (a thread) signs in through the login form (CSRF token), then loops:
  portal home, the request page, upload its CMRT the way upload.js does (multipart POST with
  X-Requested-With, which answers the submission page's address as JSON), open the
  submission page, poll the status JSON the way progress.js does (after 1 s, then every
  1.5 s) until finished, open the submission page again for the result, think ``--think``
  seconds (2-5 by default);
- each compliance session signs in and loops over the campaign dashboard, its request list,
  the submissions list and the RCOI page, thinking 0.5-2 s between pages.

Sessions start spread over ``--ramp`` seconds and begin their loops once signed in. The
measured window of ``--seconds`` opens when the last session has signed in: 50 sign-ins of
~0.4 s CPU each (PBKDF2 at Django's default cost, by design) are a storm of their own, so
the ramp gets its own table. Every request is a new connection (no keep-alive), timed from
connect to the last byte of the body.

"Pages" are the GET requests for HTML a person waits for: the login form, the overview
redirect, portal home, request page, submission page, and the four compliance pages. The
sign-in POSTs, the upload POSTs and the status polls (JSON) are reported separately.

Each upload is unique bytes (a per-supplier workbook, generated once, with a counter in the
zip comment), so none is a duplicate. The app limits uploads to 20 per user per 10 minutes
(``suppliers.views.portal.UPLOAD_LIMIT``, not configurable); the sessions stay under it
themselves (counted per session over a sliding 10 minutes; a session at the limit browses
instead of uploading, and the output says how often), so any 429 is an error.

After the window the workers get ``--drain`` seconds to finish the queue; then the database
is checked: every submission of the campaign must be checked or failed (a failed one is also
an error: every workbook sent is valid). Prints throughput, p50/p95/max per kind and for all
pages, errors by kind (over the whole run), the CPU each part used in the window (and what
else ran on the machine meanwhile), and a verdict per target (issue 7: 0 errors, p95 <
500 ms for pages, every upload ingested). Prints only; asserts nothing.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
import zipfile
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG = "postgres://postgres@127.0.0.1:5432"
BROKER_URL = "redis://127.0.0.1:6379/14"
CACHE_URL = "redis://127.0.0.1:6379/15"
PASSWORD = "load-bench-password-7"
HOST = "127.0.0.1"
TARGET_PAGE_P95_MS = 500.0
REQUEST_TIMEOUT_S = 60.0
POLL_FIRST_S, POLL_EVERY_S = 1.0, 1.5  # as suppliers' progress.js
SUPPLIER_THINK_S = (2.0, 5.0)
COMPLIANCE_THINK_S = (0.5, 2.0)
CELERY_WORKERS = 2

# Kinds of request; PAGE_KINDS are the ones the p95 < 500 ms target is about.
PAGE_KINDS = (
    "login form",
    "overview",
    "portal home",
    "request page",
    "submission page",
    "campaign dashboard",
    "campaign requests",
    "submissions list",
    "RCOI page",
)
OTHER_KINDS = ("sign-in POST", "upload POST", "status JSON")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REQUEST_LINK = re.compile(r'href="(/portal/requests/\d+/)"')
STATUS_URL = re.compile(r'data-status-url="(/cmrt/submissions/\d+/status/)"')
SUBMISSION_PAGE = re.compile(r"/portal/files/(\d+)/")
SIGN_IN_GRACE_S = 60.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


# --- Recording ---------------------------------------------------------------------------


@dataclass
class Record:
    """Everything the sessions saw; appended to from many threads under ``lock``."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    # (kind, monotonic start, seconds, HTTP status or 0 for no answer)
    samples: list[tuple[str, float, float, int]] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)  # "kind: what" -> count
    error_examples: dict[str, str] = field(default_factory=dict)
    uploads_sent: int = 0
    uploads_accepted: set[int] = field(default_factory=set)  # submission ids
    uploads_seen_finished: int = 0
    uploads_deferred: int = 0  # loops a session browsed instead: at the upload limit

    def request(self, kind: str, started: float, seconds: float, status: int) -> None:
        with self.lock:
            self.samples.append((kind, started, seconds, status))

    def error(self, kind: str, what: str, example: str = "") -> None:
        key = f"{kind}: {what}"
        with self.lock:
            self.errors[key] += 1
            if example and key not in self.error_examples:
                self.error_examples[key] = example[:300]


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class RequestFailed(Exception):
    """Already recorded as an error; the session starts its loop again."""


class Browser:
    """One signed-in person: a cookie store and timed requests, each on a new connection.

    Only what a browser does that the app relies on: cookies (Django deletes one by sending
    it empty with Max-Age=0), the CSRF token from the form, and no automatic redirects, so
    every hop is timed as its own request the way a browser's network panel shows it."""

    def __init__(self, port: int, record: Record) -> None:
        self.port = port
        self.record = record
        self.cookies: dict[str, str] = {}

    def _store_cookies(self, headers: http.client.HTTPMessage) -> None:
        for header in headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def send(
        self,
        kind: str,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        expect: Iterable[int] = (200,),
    ) -> Response:
        """The response if its status is expected; else the error is recorded and
        RequestFailed raised."""
        all_headers = {"Host": f"{HOST}:{self.port}", "Connection": "close", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started, start = time.monotonic(), time.perf_counter()
        try:
            connection = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT_S)
            try:
                connection.request(method, path, body=body, headers=all_headers)
                raw = connection.getresponse()
                response = Response(raw.status, raw.headers, raw.read())
            finally:
                connection.close()
        except (OSError, http.client.HTTPException) as exc:
            seconds = time.perf_counter() - start
            self.record.request(kind, started, seconds, 0)
            self.record.error(kind, type(exc).__name__, f"{method} {path}: {exc}")
            raise RequestFailed from exc
        seconds = time.perf_counter() - start
        self.record.request(kind, started, seconds, response.status)
        self._store_cookies(response.headers)
        if response.status not in tuple(expect):
            where = response.headers.get("Location", "")
            what = f"HTTP {response.status}" + (f" -> {where.split('?')[0]}" if where else "")
            self.record.error(kind, what, f"{method} {path}: {response.text[:200]}")
            raise RequestFailed
        return response

    def get(self, kind: str, path: str, expect: Iterable[int] = (200,)) -> Response:
        return self.send(kind, "GET", path, expect=expect)

    def sign_in(self, username: str, landing: str) -> None:
        """The login form, its POST, and the overview it redirects to (which sends
        supplier users on to the portal)."""
        self.cookies.clear()
        form = self.get("login form", "/accounts/login/")
        token = CSRF_INPUT.search(form.text)
        if token is None:
            self.record.error("login form", "no CSRF token")
            raise RequestFailed
        posted = self.send(
            "sign-in POST",
            "POST",
            "/accounts/login/",
            body=urlencode(
                {
                    "csrfmiddlewaretoken": token.group(1),
                    "username": username,
                    "password": PASSWORD,
                }
            ).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            expect=(302,),  # a 200 is the form again: the sign-in was refused
        )
        overview = self.get("overview", posted.headers["Location"], expect=(200, 302))
        if overview.status == 302 and overview.headers["Location"] != landing:
            self.record.error("overview", f"redirected to {overview.headers['Location']}")
            raise RequestFailed


def multipart(
    fields: dict[str, str], name: str, filename: str, content: bytes
) -> tuple[bytes, str]:
    boundary = f"----load{uuid.uuid4().hex}"
    parts = []
    for key, value in fields.items():
        disposition = f'Content-Disposition: form-data; name="{key}"'
        parts.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
    parts.append(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: '
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
        ).encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def unique_copy(workbook: bytes, text: str) -> bytes:
    """The same workbook with ``text`` as its zip comment: new bytes (so a new SHA-256 and
    no duplicate), identical content for the reader, and far cheaper than regenerating."""
    buffer = io.BytesIO(workbook)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.comment = text.encode()
    return buffer.getvalue()


# --- Sessions ----------------------------------------------------------------------------


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


def supplier_session(
    index: int,
    count: int,
    username: str,
    workbook: bytes,
    plan: Plan,
    limit: tuple[int, float],
    record: Record,
) -> None:
    rng = random.Random(index)
    browser = Browser(plan.port, record)
    uploads: deque[float] = deque()  # when this session uploaded, for the upload limit
    sequence = 0
    if not _pause(plan.begin_at(index, count) - time.monotonic(), plan):
        return
    signed_in = signed_in_once = False
    while time.monotonic() < plan.deadline:
        try:
            if not signed_in:
                browser.sign_in(username, "/portal/")
                if not signed_in_once:
                    plan.signed_in()
                signed_in = signed_in_once = True
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
            else:
                token = CSRF_INPUT.search(page.text)
                if token is None:
                    record.error("request page", "no CSRF token")
                    raise RequestFailed
                sequence += 1
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
        except RequestFailed:
            # A redirect to the login page means the session was lost: sign in again.
            signed_in = signed_in and "sessionid" in browser.cookies
            _pause(1.0, plan)
            continue
        except Exception as exc:  # a bug here, not the server's: recorded, never silent
            record.error("session", type(exc).__name__, traceback.format_exc())
            _pause(1.0, plan)
            continue
        _pause(rng.uniform(*plan.think), plan)


def compliance_session(index: int, count: int, username: str, plan: Plan, record: Record) -> None:
    rng = random.Random(1000 + index)
    browser = Browser(plan.port, record)
    pages = (
        ("campaign dashboard", f"/campaigns/{plan.campaign_pk}/"),
        ("campaign requests", f"/campaigns/{plan.campaign_pk}/requests/"),
        ("submissions list", "/cmrt/submissions/"),
        ("RCOI page", f"/reports/{plan.campaign_pk}/"),
    )
    if not _pause(plan.begin_at(index, count) - time.monotonic(), plan):
        return
    signed_in = signed_in_once = False
    while time.monotonic() < plan.deadline:
        try:
            if not signed_in:
                browser.sign_in(username, "")
                if not signed_in_once:
                    plan.signed_in()
                signed_in = signed_in_once = True
            for kind, path in pages:
                browser.get(kind, path)
                if not _pause(rng.uniform(*COMPLIANCE_THINK_S), plan):
                    break
        except RequestFailed:
            signed_in = signed_in and "sessionid" in browser.cookies
            _pause(1.0, plan)
        except Exception as exc:
            record.error("session", type(exc).__name__, traceback.format_exc())
            _pause(1.0, plan)


# --- Test data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Seeded:
    campaign_pk: int
    suppliers: list[tuple[str, bytes]]  # (username, workbook)
    compliance: list[str]


def data_create(suppliers: int, compliance: int) -> Seeded:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from cmrt.demo import DEMO_SMELTERS, DemoDeclaration, demo_cmrt
    from cmrt.selectors.reference import rmap_snapshot_on
    from cmrt.services.demo import demo_cmrt_load
    from suppliers.models import Campaign, CampaignRequest, Contact, Supplier, SupplierMembership
    from suppliers.roles import Role
    from suppliers.services.campaigns import campaign_suppliers_add, request_transition
    from suppliers.services.registry import user_set_roles

    User = get_user_model()
    rng = random.Random(7)
    today = timezone.localdate()
    now = timezone.now()
    demo_cmrt_load()  # the demo smelter list and RMAP snapshot: the files' smelters match it
    # One hash for everybody: each PBKDF2 hash costs ~0.4 s, and the sign-ins still check it.
    hashed = make_password(PASSWORD)
    compliance_names = []
    for n in range(compliance):
        user = User.objects.create(
            username=f"load-compliance-{n}", email=f"compliance{n}@load.example.com"
        )
        User.objects.filter(pk=user.pk).update(password=hashed)
        user_set_roles(user, [Role.COMPLIANCE])
        compliance_names.append(user.username)
    owner = User.objects.get(username=compliance_names[0])
    campaign = Campaign.objects.create(
        name="Load campaign",
        reporting_year=today.year - 1,
        period_start=today.replace(year=today.year - 1, month=1, day=1),
        period_end=today.replace(year=today.year - 1, month=12, day=31),
        due_date=today + timedelta(days=30),
        rmap_snapshot=rmap_snapshot_on(today),
        status=Campaign.Status.OPEN,
        created_by=owner,
        updated_by=owner,
    )
    rows = []
    for n in range(suppliers):
        supplier = Supplier.objects.create(name=f"Load Supplier {n:03d}", country="DE")
        contact = Contact.objects.create(
            supplier=supplier, name=f"Contact {n:03d}", email=f"s{n}@load.example.com"
        )
        user = User.objects.create(username=f"load-supplier-{n:03d}", email=contact.email)
        User.objects.filter(pk=user.pk).update(password=hashed)
        user_set_roles(user, [Role.SUPPLIER])
        SupplierMembership.objects.create(
            user=user, supplier=supplier, contact=contact, activated_at=now
        )
        # 3-10 rows of the demo list, some by smelter ID, the others by name only.
        picked = rng.sample(DEMO_SMELTERS, rng.randint(3, 10))
        smelters = tuple((s.cid if rng.random() < 0.6 else "", s.metal, s.name) for s in picked)
        workbook = demo_cmrt(DemoDeclaration(company=supplier.name, smelters=smelters))
        rows.append((supplier.pk, user.username, workbook))
    campaign_suppliers_add(campaign, supplier_ids=[pk for pk, _u, _w in rows], by=owner)
    for request in campaign.requests.all():
        request_transition(request, CampaignRequest.State.INVITED, by=owner, kind="invitation")
    print(
        f"data: {suppliers} suppliers with a user and an invited request, "
        f"{compliance} compliance users, campaign {campaign.pk}"
    )
    return Seeded(
        campaign_pk=campaign.pk,
        suppliers=[(username, workbook) for _pk, username, workbook in rows],
        compliance=compliance_names,
    )


# --- Processes ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def processes_stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_ready(
    web: subprocess.Popen[bytes], workers: list[subprocess.Popen[bytes]], port: int, log: Path
) -> float:
    """Seconds until the login page answers 200 and every worker answers a ping."""
    from config.celery import app

    start = time.monotonic()
    deadline = start + 90
    web_ready, answered = False, set()
    while time.monotonic() < deadline:
        for process in (web, *workers):
            if process.poll() is not None:
                raise RuntimeError(f"{process.args[0]} exited ({process.returncode}); see {log}")
        if not web_ready:
            try:
                connection = http.client.HTTPConnection(HOST, port, timeout=5)
                connection.request("GET", "/accounts/login/")
                web_ready = connection.getresponse().status == 200
                connection.close()
            except OSError:
                pass
        if len(answered) < len(workers):
            for reply in app.control.ping(timeout=1.0) or ():
                answered.update(reply)
        if web_ready and len(answered) >= len(workers):
            return time.monotonic() - start
        time.sleep(0.3)
    raise RuntimeError(f"not ready within 90 s (web: {web_ready}, workers: {answered}); see {log}")


def _children(pid: int) -> list[int]:
    """``pid`` and all its descendants, from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(parents.get(current, ()))
    return found


def cpu_seconds(pids: Iterable[int]) -> float:
    """User + system CPU of these processes and their children so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for root in pids:
        for pid in _children(root):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += sum(int(value) for value in fields[11:15]) / ticks  # utime..cstime
    return total


def postmaster_pid() -> int | None:
    """The PostgreSQL server's main process (a ``postgres`` whose parent is not one)."""

    def name_and_parent(pid: str) -> tuple[str, str]:
        text = Path(f"/proc/{pid}/stat").read_text()
        return text[text.index("(") + 1 : text.rindex(")")], text.rsplit(")", 1)[1].split()[1]

    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name, parent = name_and_parent(entry.name)
            if name == "postgres" and name_and_parent(parent)[0] != "postgres":
                return int(entry.name)
        except (OSError, ValueError):
            continue
    return None


def machine_busy_seconds() -> float:
    """CPU seconds all CPUs have spent busy since boot (/proc/stat: all but idle, iowait)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:8]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def cpu_snapshot(groups: dict[str, list[int]]) -> dict[str, float]:
    """CPU seconds so far per group of process trees, this process and the machine."""
    found = {name: cpu_seconds(pids) for name, pids in groups.items()}
    found["this load generator"] = time.process_time()
    found["machine"] = machine_busy_seconds()
    return found


def cpu_report(before: dict[str, float], after: dict[str, float], seconds: float) -> str:
    """Who used the CPUs in the window; what is left over ran outside this bench (other
    people's tests on a shared machine), which the latencies suffer from too."""
    used = {name: after[name] - before[name] for name in before}
    machine = used.pop("machine")
    parts = [f"{name} {value:.1f} s" for name, value in used.items()]
    parts.append(f"everything else {max(0.0, machine - sum(used.values())):.1f} s")
    cores = os.cpu_count() or 1
    report = (
        f"CPU in the window: {machine:.1f} of {seconds * cores:.0f} CPU-seconds busy "
        f"({machine / (seconds * cores):.0%}); " + ", ".join(parts)
    )
    others = machine - sum(used.values())
    if others > 0.1 * seconds * cores:
        report += (
            f"\n   !! other processes took {others / (seconds * cores):.0%} of the CPUs: "
            "these latencies are worse than this bench alone would give"
        )
    return report


# --- The run -----------------------------------------------------------------------------


def drain(campaign_pk: int, seconds: float) -> tuple[float, int]:
    """Wait for the workers to finish what is queued: (seconds waited, still pending)."""
    from cmrt.models import Submission

    start = time.monotonic()
    pending = Submission.objects.filter(
        request__campaign_id=campaign_pk,
        status__in=(Submission.Status.QUEUED, Submission.Status.PROCESSING),
    )
    while True:
        left = pending.count()
        if left == 0 or time.monotonic() - start > seconds:
            return time.monotonic() - start, left
        time.sleep(0.5)


def _table(title: str, samples: list[tuple[str, float, float, int]], duration: float) -> None:
    """Count, rate and p50/p95/max per kind, pages first and then all pages together."""
    times: dict[str, list[float]] = {}
    for kind, _started, seconds, _status in samples:
        times.setdefault(kind, []).append(seconds * 1000)

    def line(kind: str, ms: list[float]) -> str:
        return (
            f"   {kind:20} {len(ms):6} {len(ms) / duration:7.1f}  {percentile(ms, 0.5):7.0f} "
            f"{percentile(ms, 0.95):7.0f} {max(ms, default=0):7.0f}"
        )

    statuses = Counter(status for *_rest, status in samples)
    print(f"\n{title}: {len(samples)} requests, {len(samples) / duration:.1f}/s")
    print(f"   {'kind':20} {'count':>6} {'per s':>7}  {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    for kind in PAGE_KINDS:
        if times.get(kind):
            print(line(kind, times[kind]))
    print(line("ALL PAGES", [t for kind in PAGE_KINDS for t in times.get(kind, [])]))
    for kind in OTHER_KINDS:
        if times.get(kind):
            print(line(kind, times[kind]))
    print(
        "   HTTP statuses: "
        + ", ".join(f"{code or 'no answer'}: {n}" for code, n in sorted(statuses.items()))
    )


def summary(record: Record, plan: Plan, drained: tuple[float, int], args: Any) -> None:
    from django.db.models import Count

    from cmrt.models import Submission

    window = [s for s in record.samples if plan.window_start <= s[1] < plan.deadline]
    ramp = [s for s in record.samples if s[1] < plan.window_start]
    _table(
        f"== ramp: {args.suppliers} supplier + {args.compliance} compliance sessions "
        f"starting over {args.ramp:g} s and signing in; all signed in after "
        f"{plan.window_start - plan.start:.1f} s",
        ramp,
        max(0.1, plan.window_start - plan.start),
    )
    _table(f"== measured window: {plan.seconds:g} s, every session signed in", window, plan.seconds)

    submissions = Submission.objects.filter(request__campaign_id=plan.campaign_pk)
    by_status = dict(submissions.values_list("status").annotate(n=Count("pk")))
    stored = set(submissions.values_list("pk", flat=True))
    # Every workbook sent is valid: one the worker could not read is an error too.
    for pk, message in submissions.filter(status=Submission.Status.FAILED).values_list(
        "pk", "message"
    ):
        record.error("ingestion", "a valid workbook failed", f"submission {pk}: {message}")
    latencies = [
        (finished - uploaded).total_seconds()
        for uploaded, finished in submissions.exclude(finished_at=None).values_list(
            "uploaded_at", "finished_at"
        )
    ]
    pending = by_status.get("queued", 0) + by_status.get("processing", 0)
    missing = record.uploads_accepted - stored
    in_window = sum(1 for kind, *_rest in window if kind == "upload POST")
    print(
        f"\n   uploads: {record.uploads_sent} sent ({in_window} in the window, "
        f"{in_window / plan.seconds:.1f}/s), {len(record.uploads_accepted)} accepted, "
        f"{record.uploads_seen_finished} seen finished by their session before the end; "
        f"in the database: {len(stored)} submissions, "
        + ", ".join(f"{status} {n}" for status, n in sorted(by_status.items()))
    )
    print(
        f"   drain after the run: {drained[0]:.1f} s; upload -> finished (queue + check): "
        f"p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, "
        f"max {max(latencies, default=0) * 1000:.0f} ms"
    )
    if record.uploads_deferred:
        print(
            f"   upload limit: {record.uploads_deferred} loops browsed instead of uploading "
            f"(the session had sent {args.upload_limit} in 10 minutes)"
        )
    else:
        print(
            f"   upload limit: no session reached it ({args.upload_limit} per user per "
            "10 minutes, the app's own, unchanged)"
        )

    errors = sum(record.errors.values())
    print(f"\n   errors (whole run, ramp included): {errors}")
    for key, n in record.errors.most_common():
        example = record.error_examples.get(key, "")
        print(f"     {n:5}  {key}" + (f"   e.g. {example!r}" if example else ""))

    p95s = {}
    for kind in PAGE_KINDS:
        ms = [seconds * 1000 for k, _started, seconds, _status in window if k == kind]
        if ms:
            p95s[kind] = percentile(ms, 0.95)
    worst_kind, worst = max(p95s.items(), key=lambda item: item[1], default=("-", 0.0))
    all_p95 = percentile(
        [seconds * 1000 for kind, _started, seconds, _status in window if kind in PAGE_KINDS],
        0.95,
    )
    verdicts = (
        ("0 errors", f"{errors} errors", errors == 0),
        (
            f"p95 < {TARGET_PAGE_P95_MS:g} ms for pages",
            f"all pages {all_p95:.0f} ms; slowest kind: {worst_kind} {worst:.0f} ms",
            all_p95 < TARGET_PAGE_P95_MS and worst < TARGET_PAGE_P95_MS,
        ),
        (
            "every upload ingested",
            f"{len(stored) - pending} of {len(stored)} checked or failed ({pending} pending, "
            f"{len(missing)} accepted but not stored)",
            pending == 0 and not missing and len(stored) > 0,
        ),
    )
    print()
    for target, figure, ok in verdicts:
        print(f"   verdict: {target:26} {'ok' if ok else 'MISSED':7} {figure}")


def profile_pages(campaign_pk: int, requests: int) -> None:
    """Each page kind in this process (django.test.Client, the data as the run left it):
    median time and SQL queries per request, then where the time goes (cProfile)."""
    import cProfile
    import pstats
    import statistics

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cmrt.models import Submission
    from suppliers.models import CampaignRequest

    User = get_user_model()
    request = CampaignRequest.objects.filter(campaign_id=campaign_pk).order_by("pk").first()
    if request is None:
        print("!! profile: the campaign has no request")
        return
    submission = Submission.objects.filter(request=request).order_by("-pk").first()
    supplier = User.objects.get(supplier_membership__supplier_id=request.supplier_id)
    compliance = User.objects.filter(username__startswith="load-compliance-").first()
    pages: list[tuple[str, Any, str]] = [
        ("portal home", supplier, "/portal/"),
        ("request page", supplier, f"/portal/requests/{request.pk}/"),
    ]
    if submission is not None:
        pages += [
            ("submission page", supplier, f"/portal/files/{submission.pk}/"),
            ("status JSON", supplier, f"/cmrt/submissions/{submission.pk}/status/"),
        ]
    pages += [
        ("campaign dashboard", compliance, f"/campaigns/{campaign_pk}/"),
        ("campaign requests", compliance, f"/campaigns/{campaign_pk}/requests/"),
        ("submissions list", compliance, "/cmrt/submissions/"),
        ("RCOI page", compliance, f"/reports/{campaign_pk}/"),
    ]
    print(f"\n== profile: each page in this process, {requests} requests, median")
    for kind, user, path in pages:
        client = Client(SERVER_NAME=HOST)
        client.force_login(user)
        for _ in range(3):  # warm: templates, caches
            client.get(path)
        times = []
        with CaptureQueriesContext(connection) as queries:
            for _ in range(requests):
                start = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - start)
        print(
            f"   {kind:20} {path:32} HTTP {response.status_code} "
            f"{statistics.median(times) * 1000:6.1f} ms, "
            f"{len(queries.captured_queries) / requests:.0f} queries"
        )
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [client.get(path) for _ in range(requests)])  # noqa: B023
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(
            r"(cmrt|suppliers|reports|config)/", 12
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the load")
    parser.add_argument("--suppliers", type=int, default=50, help="supplier sessions")
    parser.add_argument("--compliance", type=int, default=4, help="compliance sessions")
    parser.add_argument("--web-workers", type=int, default=4, help="gunicorn processes")
    parser.add_argument("--web-threads", type=int, default=2, help="threads per gunicorn process")
    parser.add_argument(
        "--ramp", type=float, default=10.0, help="seconds over which sessions start"
    )
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=SUPPLIER_THINK_S,
        metavar=("MIN", "MAX"),
        help="seconds a supplier session waits between uploads (uniform; default 2 5)",
    )
    parser.add_argument("--drain", type=float, default=180.0, help="most seconds to drain")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="after the run: time, count the queries of and cProfile each page in-process",
    )
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="bench-load-"))
    database = f"bench_load_{os.getpid()}"
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{database}",
        "DEBUG": "false",
        "SECRET_KEY": "bench-load-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": HOST,
        # Plain HTTP on loopback: cookies must not be Secure-only or no client sends them.
        "SECURE_COOKIES": "false",
        "LOG_LEVEL": "WARNING",
        "VAR_DIR": str(scratch / "var"),
        "MEDIA_ROOT": str(scratch / "media"),
        "STATIC_ROOT": str(scratch / "static"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CACHE_URL": CACHE_URL,
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    (scratch / "var").mkdir()
    (scratch / "media").mkdir()
    os.environ.update(env)
    import psycopg
    import redis

    for url in (BROKER_URL, CACHE_URL):
        redis.Redis.from_url(url).flushdb()
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {database}")
    processes: list[subprocess.Popen[bytes]] = []
    log = scratch / "servers.log"
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from suppliers.views.portal import UPLOAD_LIMIT

        args.upload_limit = UPLOAD_LIMIT.limit
        start = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        seeded = data_create(args.suppliers, args.compliance)
        print(f"migrate + collectstatic + data: {time.perf_counter() - start:.1f} s")

        port = free_port()
        bin_dir = Path(sys.executable).parent
        web_command = [
            str(bin_dir / "gunicorn"),
            "config.wsgi",
            "-w",
            str(args.web_workers),
            "--threads",
            str(args.web_threads),
            "-b",
            f"{HOST}:{port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ]
        output = log.open("ab")
        processes.append(
            subprocess.Popen(web_command, cwd=ROOT, env=env, stdout=output, stderr=output)
        )
        for n in range(CELERY_WORKERS):
            processes.append(
                subprocess.Popen(
                    [
                        str(bin_dir / "celery"),
                        "-A",
                        "config",
                        "worker",
                        "-c",
                        "1",
                        "-l",
                        "WARNING",
                        f"--hostname=load{n}@%h",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=output,
                    stderr=output,
                )
            )
        ready = wait_ready(processes[0], processes[1:], port, log)
        print(
            f"ready in {ready:.1f} s: {' '.join(web_command[1:])} (DEBUG off), "
            f"{CELERY_WORKERS} x celery -A config worker -c 1; {os.cpu_count()} CPUs, "
            f"load average {os.getloadavg()[0]:.2f}"
        )

        record = Record()
        sessions = len(seeded.suppliers) + len(seeded.compliance)
        limit = (UPLOAD_LIMIT.limit, float(UPLOAD_LIMIT.window))
        print(
            f"load: {args.suppliers} supplier and {args.compliance} compliance sessions "
            f"starting over {args.ramp:g} s, then {args.seconds:g} s measured; suppliers "
            f"think {args.think[0]:g}-{args.think[1]:g} s between uploads ..."
        )
        plan = Plan(port, args.seconds, args.ramp, sessions, seeded.campaign_pk, tuple(args.think))
        threads = [
            threading.Thread(
                target=supplier_session,
                args=(n, len(seeded.suppliers), username, workbook, plan, limit, record),
                daemon=True,
            )
            for n, (username, workbook) in enumerate(seeded.suppliers)
        ] + [
            threading.Thread(
                target=compliance_session,
                args=(n, len(seeded.compliance), username, plan, record),
                daemon=True,
            )
            for n, username in enumerate(seeded.compliance)
        ]
        for thread in threads:
            thread.start()
        # CPU is sampled at the edges of the measured window.
        groups = {
            "gunicorn": [processes[0].pid],
            "Celery workers": [p.pid for p in processes[1:]],
        }
        postmaster = postmaster_pid()
        if postmaster is not None:
            groups["PostgreSQL (all databases)"] = [postmaster]
        while time.monotonic() < plan.window_start:
            time.sleep(0.05)
        cpu_before = cpu_snapshot(groups)
        while time.monotonic() < plan.deadline:
            time.sleep(0.05)
        cpu_after = cpu_snapshot(groups)
        for thread in threads:
            # A request in flight at the deadline may take up to its timeout.
            thread.join(timeout=max(0.1, plan.deadline + REQUEST_TIMEOUT_S - time.monotonic()))
        alive = sum(thread.is_alive() for thread in threads)
        drained = drain(seeded.campaign_pk, args.drain)

        summary(record, plan, drained, args)
        print(f"\n   {cpu_report(cpu_before, cpu_after, args.seconds)}")
        print(f"   load average at the end: {os.getloadavg()[0]:.2f}")
        if alive:
            print(f"   !! {alive} sessions still running after the request timeout")
        if args.profile:
            profile_pages(seeded.campaign_pk, 20)
    finally:
        processes_stop(processes)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # Django may not have started
            pass
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        for url in (BROKER_URL, CACHE_URL):
            redis.Redis.from_url(url).flushdb()
        if os.environ.get("LOAD_KEEP_LOGS"):
            print(f"logs kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
