"""The load bench's client side: a person in a browser as far as the app can tell (cookies,
the CSRF token, one new connection per request, no automatic redirects), and the record of
everything the sessions saw."""

from __future__ import annotations

import http.client
import io
import re
import threading
import time
import uuid
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from bench._harness import HOST

PASSWORD = "load-bench-password-7"
REQUEST_TIMEOUT_S = 60.0
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


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
