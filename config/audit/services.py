"""Writing the audit log. Everything that records goes through ``record``; the receivers in
``audit.receivers`` and the download views call the helpers below.

An entry is written in the caller's transaction: if the action rolls back, so does its
entry, and an action whose entry cannot be written fails (there is no unaudited path).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import models
from django.http import HttpRequest

from config.audit.middleware import current_request
from config.audit.models import AuditEntry

Action = AuditEntry.Action
# The account flags whose change is a change of power; in this order in ``details``.
USER_FLAGS = ("is_active", "is_staff", "is_superuser")


@dataclass(frozen=True)
class Target:
    type: str  # app_label.model, as Django's ``_meta.label_lower``
    id: str
    label: str


def target_of(obj: models.Model) -> Target:
    return Target(type=obj._meta.label_lower, id=str(obj.pk), label=str(obj)[:255])


def client_ip(request: HttpRequest | None) -> str | None:
    """REMOTE_ADDR, or the last X-Forwarded-For entry (the one our proxy added) when
    TRUST_X_FORWARDED_FOR is on; None when neither holds an IP address."""
    if request is None:
        return None
    candidate = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.TRUST_X_FORWARDED_FOR and forwarded.strip():
        candidate = forwarded.split(",")[-1]
    try:
        return str(ipaddress.ip_address(candidate.strip()))
    except ValueError:
        return None


def _user_of(request: HttpRequest | None) -> Any:
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def record(
    action: str,
    *,
    actor: Any = None,
    target: Target | models.Model | None = None,
    request: HttpRequest | None = None,
    details: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Write one entry. ``request`` defaults to the one being handled (if any), for the IP
    address; ``actor`` (a user or None) is never guessed here: callers say who acted."""
    request = request if request is not None else current_request()
    if isinstance(target, models.Model):
        target = target_of(target)
    return AuditEntry.objects.create(
        actor=actor,
        actor_label=actor.get_username() if actor is not None else "",
        action=action,
        target_type=target.type if target else "",
        target_id=target.id if target else "",
        target_label=target.label if target else "",
        ip=client_ip(request),
        details=dict(details or {}),
    )


def current_actor() -> Any:
    """The signed-in user of the request being handled, or None (commands, tasks)."""
    return _user_of(current_request())


# SIGN-IN ----------------------------------------------------------------------------------


def record_login(request: HttpRequest | None, user: Any) -> AuditEntry:
    return record(Action.LOGIN, actor=user, target=user, request=request)


def record_login_failed(
    request: HttpRequest | None, username: str, *, throttled: bool = False
) -> AuditEntry:
    # The name as typed, which may be no account at all: nothing is looked up, so the log
    # (and its timing) says nothing about which names exist. ``throttled``: refused by the
    # sign-in limit before the password was checked.
    label = username[:255]
    target = Target(type="auth.user", id="", label=label)
    details: dict[str, Any] = {"username": label}
    if throttled:
        details["throttled"] = True
    return record(Action.LOGIN_FAILED, target=target, request=request, details=details)


def record_logout(request: HttpRequest | None, user: Any) -> AuditEntry | None:
    if user is None:  # signing out without a session: nothing happened
        return None
    return record(Action.LOGOUT, actor=user, target=user, request=request)


# DOWNLOADS --------------------------------------------------------------------------------


def record_download(
    request: HttpRequest, obj: models.Model, *, filename: str, sha256: str = ""
) -> AuditEntry:
    """A stored supplier file was served (call it from the permission-checked view)."""
    supplier_id = getattr(obj, "supplier_id", None)
    target = Target(type=obj._meta.label_lower, id=str(obj.pk), label=filename[:255])
    return record(
        Action.FILE_DOWNLOAD,
        actor=_user_of(request),
        target=target,
        request=request,
        details={"filename": filename, "sha256": sha256, "supplier_id": supplier_id},
    )


# PERMISSIONS ------------------------------------------------------------------------------


def group_names(ids: Iterable[int]) -> list[str]:
    return sorted(Group.objects.filter(pk__in=list(ids)).values_list("name", flat=True))


def permission_codes(ids: Iterable[int]) -> list[str]:
    found = Permission.objects.filter(pk__in=list(ids)).values_list(
        "content_type__app_label", "codename"
    )
    return sorted(f"{app}.{codename}" for app, codename in found)


def users_by_id(ids: Iterable[int]) -> list[Any]:
    return list(get_user_model()._base_manager.filter(pk__in=list(ids)).order_by("pk"))


def groups_by_id(ids: Iterable[int]) -> list[Group]:
    return list(Group.objects.filter(pk__in=list(ids)).order_by("pk"))


def linked_ids(through: type[models.Model], instance: models.Model) -> set[int]:
    """Ids on the far side of a many-to-many ``through`` table from ``instance`` (what a
    ``clear()`` is about to remove)."""
    keys = [field for field in through._meta.get_fields() if field.many_to_one]
    near = next(field for field in keys if isinstance(instance, field.related_model))
    far = next(field for field in keys if field is not near)
    rows = through._default_manager.filter(**{near.name: instance})
    return set(rows.values_list(far.attname, flat=True))


def record_membership_change(
    action: str, target: models.Model, *, added: list[str], removed: list[str]
) -> AuditEntry:
    """Groups or permissions given to / taken from a user or a group."""
    details: dict[str, list[str]] = {}
    if added:
        details["added"] = added
    if removed:
        details["removed"] = removed
    return record(action, actor=current_actor(), target=target, details=details)


def user_flags(user_id: int) -> dict[str, bool] | None:
    """The stored flags of a user (before a save changes them), or None if not stored."""
    row = get_user_model()._base_manager.filter(pk=user_id).values(*USER_FLAGS).first()
    return dict(row) if row is not None else None


def record_user_flags(
    user: Any, before: Mapping[str, bool] | None, *, created: bool
) -> AuditEntry | None:
    """Record which of the flags changed; on creation, the staff and superuser flags that
    start out on. Nothing changed: no entry."""
    changes: dict[str, dict[str, bool | None]] = {}
    for flag in USER_FLAGS:
        new = bool(getattr(user, flag))
        if created:
            if flag != "is_active" and new:
                changes[flag] = {"old": None, "new": True}
        elif before is not None and before[flag] != new:
            changes[flag] = {"old": before[flag], "new": new}
    if not changes:
        return None
    return record(
        Action.USER_FLAGS,
        actor=current_actor(),
        target=user,
        details={"created": created, "changes": changes},
    )


# REPORTS ----------------------------------------------------------------------------------


def record_report_event(event: Any) -> AuditEntry:
    """A ``reports.ReportEvent`` (create, edit, submit, approve, changes, approved, file)."""
    version = event.version
    return record(
        f"report_{event.action}",
        actor=event.by,
        target=Target(
            type=version._meta.label_lower,
            id=str(version.pk),
            label=f"{version.campaign} {version.label}"[:255],
        ),
        details={
            "campaign_id": version.campaign_id,
            "version": version.number,
            "review_round": version.review_round,
            "event_id": event.pk,
            "note": event.note,
        },
    )
