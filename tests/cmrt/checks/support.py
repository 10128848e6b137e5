"""Shared by the checker tests: one context, and the findings of a declaration."""

from __future__ import annotations

from cmrt.checks import CheckContext, run_checks
from cmrt.declaration import Declaration, Finding
from tests.cmrt.declarations import TODAY

CONTEXT = CheckContext(today=TODAY)
# 3.x and 2.x are older than the default minimum release; accept them in their own tests.
OLD_RELEASES = CheckContext(today=TODAY, minimum_version="2.00")


def findings(declaration: Declaration, context: CheckContext = CONTEXT) -> tuple[Finding, ...]:
    return run_checks(declaration, context)
