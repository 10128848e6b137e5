"""Signal receivers that turn Django's and the reports app's events into audit entries.

Connected in ``AuditConfig.ready`` with fixed ``dispatch_uid``s, so a second ``ready`` (tests
reloading apps) does not record twice. The receivers only translate; ``audit.services``
decides what an entry holds.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.http import HttpRequest

from config.audit import services
from config.audit.models import AuditEntry

Action = AuditEntry.Action


def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    services.record_login(request, user)


def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django has already masked the password in ``credentials``; only the name is kept.
    username = str(credentials.get(get_user_model().USERNAME_FIELD, "") or "")
    services.record_login_failed(request, username)


def _logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    services.record_logout(request, user)


# M2M: user.groups, user.user_permissions, group.permissions --------------------------------
# ``clear()`` sends post_clear without the ids it removed, so pre_clear notes them first.
_PENDING_CLEAR = "_audit_pending_clear"


def _membership_changed(action_name: str, names: Any, owners: Any) -> Any:
    """The receiver for one relation. ``names`` turns ids of the relation's far side into
    labels; ``owners`` loads the users or groups whose membership changed."""

    def receiver(
        sender: Any,
        instance: Any,
        action: str,
        reverse: bool,
        pk_set: set[int] | None,
        **kwargs: Any,
    ) -> None:
        if action == "pre_clear":
            setattr(instance, _PENDING_CLEAR, services.linked_ids(sender, instance))
            return
        if action == "post_clear":
            pk_set = instance.__dict__.pop(_PENDING_CLEAR, set())
            action = "post_remove"
        if action not in ("post_add", "post_remove") or not pk_set:
            return
        key = "added" if action == "post_add" else "removed"
        if not reverse:  # user.groups.add(g1, g2): one entry for the user
            changes: dict[str, list[str]] = {"added": [], "removed": []}
            changes[key] = names(pk_set)
            services.record_membership_change(action_name, instance, **changes)
            return
        # group.user_set.add(u1, u2): one entry per user, each naming this group
        for owner in owners(pk_set):
            changes = {"added": [], "removed": []}
            changes[key] = names({instance.pk})
            services.record_membership_change(action_name, owner, **changes)

    return receiver


# User flags ------------------------------------------------------------------------------
_BEFORE = "_audit_flags_before"


def _user_pre_save(
    sender: Any, instance: Any, raw: bool, update_fields: Any = None, **kwargs: Any
) -> None:
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(services.USER_FLAGS):
        return  # e.g. last_login at every sign-in: no read
    setattr(instance, _BEFORE, services.user_flags(instance.pk))


def _user_post_save(
    sender: Any, instance: Any, created: bool, raw: bool, update_fields: Any = None, **kwargs: Any
) -> None:
    if raw:
        return
    if not created and not hasattr(instance, _BEFORE):
        return
    before = instance.__dict__.pop(_BEFORE, None)
    services.record_user_flags(instance, before, created=created)


# Reports ---------------------------------------------------------------------------------


def _report_event_saved(
    sender: Any, instance: Any, created: bool, raw: bool, **kwargs: Any
) -> None:
    if created and not raw:
        services.record_report_event(instance)


def connect() -> None:
    from reports.models import ReportEvent

    user_model = get_user_model()
    user_logged_in.connect(_logged_in, dispatch_uid="audit.login")
    user_login_failed.connect(_login_failed, dispatch_uid="audit.login_failed")
    user_logged_out.connect(_logged_out, dispatch_uid="audit.logout")
    m2m_changed.connect(
        _membership_changed(Action.USER_GROUPS, services.group_names, services.users_by_id),
        sender=user_model.groups.through,
        dispatch_uid="audit.user_groups",
        weak=False,
    )
    m2m_changed.connect(
        _membership_changed(
            Action.USER_PERMISSIONS, services.permission_codes, services.users_by_id
        ),
        sender=user_model.user_permissions.through,
        dispatch_uid="audit.user_permissions",
        weak=False,
    )
    m2m_changed.connect(
        _membership_changed(
            Action.GROUP_PERMISSIONS, services.permission_codes, services.groups_by_id
        ),
        sender=Group.permissions.through,
        dispatch_uid="audit.group_permissions",
        weak=False,
    )
    pre_save.connect(_user_pre_save, sender=user_model, dispatch_uid="audit.user_pre_save")
    post_save.connect(_user_post_save, sender=user_model, dispatch_uid="audit.user_post_save")
    post_save.connect(_report_event_saved, sender=ReportEvent, dispatch_uid="audit.report_event")
