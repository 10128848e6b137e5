"""Request links: signed, expiring, naming one request and one account."""

from __future__ import annotations

import time

import pytest
from django.core import signing

from suppliers.request_links import (
    LINK_MAX_AGE_SECONDS,
    LinkProblem,
    RequestLinkError,
    request_link_make,
    request_link_read,
)


def problem_of(token: str, **kwargs: int) -> LinkProblem:
    with pytest.raises(RequestLinkError) as caught:
        request_link_read(token, **kwargs)
    return caught.value.problem


def test_a_link_reads_back_its_request_and_user() -> None:
    assert request_link_read(request_link_make(12, 34)) == (12, 34)


def test_links_last_60_days() -> None:
    assert LINK_MAX_AGE_SECONDS == 60 * 24 * 3600


def test_an_old_link_has_expired(monkeypatch) -> None:
    token = request_link_make(12, 34)
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    assert problem_of(token, max_age=60) is LinkProblem.EXPIRED
    assert request_link_read(token, max_age=120) == (12, 34)


def test_a_tampered_link_is_invalid() -> None:
    token = request_link_make(12, 34)
    assert problem_of(token[:-1] + ("A" if token[-1] != "A" else "B")) is LinkProblem.INVALID
    assert problem_of(token[:-4]) is LinkProblem.INVALID
    assert problem_of("nonsense") is LinkProblem.INVALID


def test_a_token_signed_for_another_purpose_is_invalid() -> None:
    other = signing.dumps({"r": 12, "u": 34}, salt="suppliers.invitation")
    assert problem_of(other) is LinkProblem.INVALID


@pytest.mark.parametrize(
    "payload", [[12, 34], {"r": 12}, {"r": "12", "u": 34}, {"r": True, "u": 1}]
)
def test_a_signed_but_malformed_payload_is_invalid(payload: object) -> None:
    token = signing.dumps(payload, salt="suppliers.request_link")
    assert problem_of(token) is LinkProblem.INVALID
