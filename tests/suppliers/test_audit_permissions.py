"""The audit log records permission changes: a user's groups and permissions, a group's
permissions, and a user's active, staff and superuser flags."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from config.audit.models import AuditEntry
from suppliers.roles import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db

FIELDS = ("actor_id", "actor_label", "target_type", "target_id", "target_label", "ip", "details")


def entries(action: str, **filters: Any) -> list[dict[str, Any]]:
    rows = AuditEntry.objects.filter(action=action, **filters).order_by("pk")
    return list(rows.values(*FIELDS))


def system(target: Any, details: dict[str, Any]) -> dict[str, Any]:
    """An entry made outside a request: no actor, no address."""
    return {
        "actor_id": None,
        "actor_label": "",
        "target_type": target._meta.label_lower,
        "target_id": str(target.pk),
        "target_label": str(target),
        "ip": None,
        "details": details,
    }


def perm(code: str) -> Permission:
    app_label, codename = code.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def test_an_admin_who_grants_a_role_and_staff_status_is_recorded() -> None:
    root = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    sam = make_user("sam")
    AuditEntry.objects.all().delete()
    compliance = Group.objects.get(name=Role.COMPLIANCE.value)
    client = Client(REMOTE_ADDR="192.0.2.10")
    client.force_login(root)
    response = client.post(
        f"/admin/auth/user/{sam.pk}/change/",
        {
            "username": "sam",
            "email": "sam@example.com",
            "is_active": "on",
            "is_staff": "on",
            "groups": [compliance.pk],
            "date_joined_0": "2026-01-05",
            "date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    by_root = {"actor_id": root.pk, "actor_label": "root", "ip": "192.0.2.10"}
    target = {"target_type": "auth.user", "target_id": str(sam.pk), "target_label": "sam"}
    assert entries("user_groups") == [{**by_root, **target, "details": {"added": ["Compliance"]}}]
    assert entries("user_flags") == [
        {
            **by_root,
            **target,
            "details": {"created": False, "changes": {"is_staff": {"old": False, "new": True}}},
        }
    ]


def test_groups_taken_away_and_cleared_are_recorded() -> None:
    user = make_user("sam", Role.COMPLIANCE)
    committee = Group.objects.get(name=Role.COMMITTEE.value)
    user.groups.add(committee)
    user.groups.remove(committee)
    user.groups.clear()
    assert entries("user_groups", target_id=str(user.pk)) == [
        system(user, {"added": ["Compliance"]}),
        system(user, {"added": ["Disclosure committee"]}),
        system(user, {"removed": ["Disclosure committee"]}),
        system(user, {"removed": ["Compliance"]}),
    ]


def test_adding_users_to_a_group_records_one_entry_per_user() -> None:
    ann, bob = make_user("ann"), make_user("bob")
    committee = Group.objects.get(name=Role.COMMITTEE.value)
    committee.user_set.add(ann, bob)
    committee.user_set.clear()
    assert entries("user_groups") == [
        system(ann, {"added": ["Disclosure committee"]}),
        system(bob, {"added": ["Disclosure committee"]}),
        system(ann, {"removed": ["Disclosure committee"]}),
        system(bob, {"removed": ["Disclosure committee"]}),
    ]


def test_a_users_own_permissions_are_recorded() -> None:
    user = make_user("sam")
    user.user_permissions.add(perm("suppliers.view_supplier"), perm("cmrt.view_submission"))
    user.user_permissions.remove(perm("cmrt.view_submission"))
    perm("suppliers.change_supplier").user_set.add(user)
    assert entries("user_permissions") == [
        system(user, {"added": ["cmrt.view_submission", "suppliers.view_supplier"]}),
        system(user, {"removed": ["cmrt.view_submission"]}),
        system(user, {"added": ["suppliers.change_supplier"]}),
    ]


def test_a_groups_permissions_are_recorded() -> None:
    group = Group.objects.create(name="Auditors")
    group.permissions.add(perm("audit.view_auditentry"))
    group.permissions.set([perm("suppliers.view_supplier")])
    assert entries("group_permissions", target_id=str(group.pk)) == [
        system(group, {"added": ["audit.view_auditentry"]}),
        system(group, {"removed": ["audit.view_auditentry"]}),
        system(group, {"added": ["suppliers.view_supplier"]}),
    ]


def test_setting_the_same_permissions_again_records_nothing() -> None:
    group = Group.objects.create(name="Auditors")
    group.permissions.set([perm("audit.view_auditentry")])
    group.permissions.set([perm("audit.view_auditentry")])
    assert len(entries("group_permissions", target_id=str(group.pk))) == 1


def test_a_superuser_created_from_the_command_line_is_recorded() -> None:
    root = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    assert entries("user_flags") == [
        system(
            root,
            {
                "created": True,
                "changes": {
                    "is_staff": {"old": None, "new": True},
                    "is_superuser": {"old": None, "new": True},
                },
            },
        )
    ]


def test_flags_changed_on_save_are_recorded_and_other_saves_are_not() -> None:
    user = make_user("sam")  # an ordinary new account: nothing to record
    user.first_name = "Sam"
    user.save()
    user.is_active = False
    user.is_superuser = True
    user.save()
    assert entries("user_flags") == [
        system(
            user,
            {
                "created": False,
                "changes": {
                    "is_active": {"old": True, "new": False},
                    "is_superuser": {"old": False, "new": True},
                },
            },
        )
    ]


def test_saving_only_other_fields_does_not_read_the_flags() -> None:
    user = make_user("sam")
    with CaptureQueriesContext(connection) as queries:
        user.save(update_fields=["last_login"])  # what every sign-in does
    assert len(queries) == 1
    assert entries("user_flags") == []
