"""Signed links to one campaign request for one portal account. Pure: no ORM.

The token signs the request id and the user id the mail was sent for, with a timestamp:

* it expires after ``LINK_MAX_AGE_SECONDS`` (60 days: a campaign runs about two months, and
  every reminder carries a fresh link, so only old mails stop working);
* it is bound to one account: the link view opens it only for that signed-in user, so a
  forwarded mail does not let a colleague (or anyone else) in.

It is not single-use on purpose: a supplier opens the same request several times.
"""

from __future__ import annotations

from enum import StrEnum

from django.core import signing

LINK_MAX_AGE_SECONDS = 60 * 24 * 3600
_SALT = "suppliers.request_link"


class LinkProblem(StrEnum):
    INVALID = "invalid"
    EXPIRED = "expired"


class RequestLinkError(Exception):
    """A request link that cannot be used; ``problem`` says why."""

    def __init__(self, problem: LinkProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def request_link_make(request_id: int, user_id: int) -> str:
    return signing.dumps({"r": request_id, "u": user_id}, salt=_SALT)


def request_link_read(token: str, max_age: int = LINK_MAX_AGE_SECONDS) -> tuple[int, int]:
    """``(request_id, user_id)`` of a genuine, unexpired token; else RequestLinkError."""
    try:
        payload = signing.loads(token, salt=_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise RequestLinkError(LinkProblem.EXPIRED) from None
    except signing.BadSignature:
        raise RequestLinkError(LinkProblem.INVALID) from None
    if not isinstance(payload, dict):
        raise RequestLinkError(LinkProblem.INVALID)
    request_id, user_id = payload.get("r"), payload.get("u")
    # bool is an int subclass; a signed payload is ours, but the type check costs nothing.
    if not all(type(value) is int for value in (request_id, user_id)):
        raise RequestLinkError(LinkProblem.INVALID)
    return request_id, user_id
