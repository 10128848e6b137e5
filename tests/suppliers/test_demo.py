import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from suppliers.models import Contact, Supplier
from suppliers.roles import Role
from suppliers.selectors import roles_of, suppliers_visible_to

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_marked(capsys, settings) -> None:
    settings.DEMO_PASSWORD = "demo-pass-1"
    call_command("demo")
    first = (Supplier.objects.count(), Contact.objects.count(), get_user_model().objects.count())
    call_command("demo")
    assert (
        Supplier.objects.count(),
        Contact.objects.count(),
        get_user_model().objects.count(),
    ) == first
    assert first[0] >= 25
    assert not Supplier.objects.filter(is_demo=False).exists()
    output = capsys.readouterr().out
    assert "supplier-a   / demo-pass-1" in output


def test_demo_users_have_their_roles_and_scopes() -> None:
    call_command("demo")
    users = {u.username: u for u in get_user_model().objects.all()}
    assert roles_of(users["compliance"]) == {Role.COMPLIANCE} and users["compliance"].is_staff
    assert roles_of(users["committee"]) == {Role.COMMITTEE}
    assert [s.name for s in suppliers_visible_to(users["supplier-a"])] == ["Aurora Components GmbH"]
    assert [s.name for s in suppliers_visible_to(users["supplier-b"])] == ["Birchwood Circuits Ltd"]
    assert users["supplier-a"].check_password("demo12345")
