"""Invitation tokens are pure functions of the account state."""

from __future__ import annotations

import time

from suppliers.invitations import (
    AccountState,
    TokenProblem,
    invitation_token_make,
    invitation_token_problem,
    invitation_token_user_id,
)

NEW = AccountState(user_id=7, password_hash="!unusable", is_active=False, last_login_iso="")


def test_a_fresh_token_is_valid_and_names_its_user() -> None:
    token = invitation_token_make(NEW)
    assert invitation_token_user_id(token) == 7
    assert invitation_token_problem(token, NEW, max_age=60) is None


def test_the_token_is_spent_once_the_account_changes() -> None:
    token = invitation_token_make(NEW)
    activated = AccountState(
        user_id=7, password_hash="pbkdf2$new", is_active=True, last_login_iso=""
    )
    assert invitation_token_problem(token, activated, max_age=60) is TokenProblem.USED


def test_the_token_expires(monkeypatch) -> None:
    token = invitation_token_make(NEW)
    later = time.time() + 120
    monkeypatch.setattr(time, "time", lambda: later)
    assert invitation_token_problem(token, NEW, max_age=60) is TokenProblem.EXPIRED


def test_a_tampered_or_foreign_token_is_invalid() -> None:
    token = invitation_token_make(NEW)
    assert invitation_token_problem(token[:-2] + "xx", NEW, max_age=60) is TokenProblem.INVALID
    other = AccountState(user_id=8, password_hash="!unusable", is_active=False, last_login_iso="")
    assert invitation_token_problem(token, other, max_age=60) is TokenProblem.INVALID
    assert invitation_token_user_id("garbage") is None
