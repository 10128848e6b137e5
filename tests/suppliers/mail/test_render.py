"""Mail texts: placeholders are filled, unknown ones stay visible, nothing raises."""

from __future__ import annotations

from datetime import date

import pytest

from suppliers.campaign_mail import (
    DEFAULT_INVITATION_BODY,
    DEFAULT_INVITATION_SUBJECT,
    DEFAULT_OVERDUE_BODY,
    DEFAULT_OVERDUE_SUBJECT,
    DEFAULT_REMINDER_BODY,
    DEFAULT_REMINDER_SUBJECT,
    PLACEHOLDERS,
    company_name,
    mail_render,
    mail_values,
)


def test_it_fills_known_placeholders() -> None:
    assert mail_render("Dear {contact}, {supplier}", {"contact": "Ada", "supplier": "Alpha"}) == (
        "Dear Ada, Alpha"
    )


def test_it_leaves_unknown_placeholders_visible() -> None:
    assert mail_render("Dear {contakt} of {supplier}", {"supplier": "Alpha"}) == (
        "Dear {contakt} of Alpha"
    )


@pytest.mark.parametrize(
    "text",
    [
        "{",
        "}",
        "{}",
        "{0}",
        "{supplier.__class__}",
        "{supplier[0]}",
        "{supplier!r}",
        "{due_date:%Y}",
        "{{supplier}}",
    ],
)
def test_it_never_raises_nor_reaches_into_objects(text: str) -> None:
    rendered = mail_render(text, {"supplier": "Alpha", "due_date": "31 May 2026"})
    assert rendered == text.replace("{supplier}", "Alpha")


def test_a_value_is_not_rendered_again() -> None:
    assert mail_render("{supplier}", {"supplier": "{link}", "link": "x"}) == "{link}"


def test_company_name_comes_from_settings(settings) -> None:
    settings.COMPANY_NAME = "Example Devices Inc."
    assert company_name() == "Example Devices Inc."
    settings.COMPANY_NAME = ""
    assert company_name() == "our company"
    del settings.COMPANY_NAME
    assert company_name() == "our company"


def test_values_name_every_placeholder(settings) -> None:
    settings.COMPANY_NAME = "Example Devices Inc."
    values = mail_values(
        supplier="Alpha Metals",
        contact="Ada Alpha",
        campaign="CMRT 2025",
        reporting_year=2025,
        due_date=date(2026, 5, 1),
        link="https://dd.example.com/r/x/",
        days_left=3,
    )
    assert values == {
        "supplier": "Alpha Metals",
        "contact": "Ada Alpha",
        "campaign": "CMRT 2025",
        "reporting_year": "2025",
        "due_date": "1 May 2026",
        "link": "https://dd.example.com/r/x/",
        "company": "Example Devices Inc.",
        "days_left": "3",
        "days_overdue": "0",
    }
    assert tuple(values) == PLACEHOLDERS


@pytest.mark.parametrize(
    "text",
    [
        DEFAULT_INVITATION_SUBJECT,
        DEFAULT_INVITATION_BODY,
        DEFAULT_REMINDER_SUBJECT,
        DEFAULT_REMINDER_BODY,
        DEFAULT_OVERDUE_SUBJECT,
        DEFAULT_OVERDUE_BODY,
    ],
)
def test_default_texts_use_only_known_placeholders(text) -> None:
    values = {name: "X" for name in PLACEHOLDERS}
    assert "{" not in mail_render(text, values)


def test_the_due_date_reads_naturally_in_japanese() -> None:
    from datetime import date

    from django.utils import translation

    from suppliers.campaign_mail import due_date_text

    assert due_date_text(date(2026, 5, 31)) == "31 May 2026"
    with translation.override("ja"):
        assert due_date_text(date(2026, 5, 31)) == "2026年5月31日"
