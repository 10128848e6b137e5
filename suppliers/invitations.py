"""Signed, expiring, single-use invitation tokens for supplier users. Pure: no ORM.

The token carries the user id and a fingerprint of the account's current state
(password hash, active flag, last login). Activating the account changes that state,
so a used link stops working; the signature's timestamp makes it expire.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from django.core import signing

_SALT = "suppliers.invitation"


class TokenProblem(StrEnum):
    INVALID = "invalid"
    EXPIRED = "expired"
    USED = "used"


@dataclass(frozen=True)
class AccountState:
    user_id: int
    password_hash: str
    is_active: bool
    last_login_iso: str

    def fingerprint(self) -> str:
        raw = f"{self.password_hash}|{self.is_active}|{self.last_login_iso}"
        return hashlib.sha256(raw.encode()).hexdigest()[:20]


def invitation_token_make(state: AccountState) -> str:
    return signing.dumps({"u": state.user_id, "f": state.fingerprint()}, salt=_SALT, compress=True)


def invitation_token_user_id(token: str) -> int | None:
    """The user id a token names, without checking age or use (to load the account)."""
    try:
        payload = signing.loads(token, salt=_SALT, max_age=None)
    except signing.BadSignature:
        return None
    user_id = payload.get("u") if isinstance(payload, dict) else None
    return user_id if isinstance(user_id, int) else None


def invitation_token_problem(token: str, state: AccountState, max_age: int) -> TokenProblem | None:
    """None when the token is valid for this account now, else what is wrong with it."""
    try:
        payload = signing.loads(token, salt=_SALT, max_age=max_age)
    except signing.SignatureExpired:
        return TokenProblem.EXPIRED
    except signing.BadSignature:
        return TokenProblem.INVALID
    if not isinstance(payload, dict) or payload.get("u") != state.user_id:
        return TokenProblem.INVALID
    if payload.get("f") != state.fingerprint():
        return TokenProblem.USED
    return None
