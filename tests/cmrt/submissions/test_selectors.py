"""The submissions permission filter, the list filters and what the submission page holds."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from cmrt.models import Submission
from cmrt.selectors.submissions import (
    SubmissionFilter,
    submission_list,
    submission_page,
    submission_status,
    submission_versions,
    submissions_visible_to,
)
from suppliers.roles import Role
from tests.cmrt.submissions.rows import make_checked, make_rmap, make_submission
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_suppliers_files(supplier_a, supplier_b) -> tuple[Submission, Submission]:
    return make_submission(supplier_a, "a.xlsx"), make_submission(supplier_b, "b.xlsx")


def _names(submissions) -> list[str]:
    return [s.original_name for s in submissions]


def test_compliance_and_committee_see_every_submission(
    two_suppliers_files, compliance_user, committee_user
) -> None:
    assert sorted(_names(submissions_visible_to(compliance_user))) == ["a.xlsx", "b.xlsx"]
    assert sorted(_names(submissions_visible_to(committee_user))) == ["a.xlsx", "b.xlsx"]


def test_a_supplier_user_sees_only_their_organisation(
    two_suppliers_files, supplier_a_user, supplier_b_user
) -> None:
    assert _names(submissions_visible_to(supplier_a_user)) == ["a.xlsx"]
    assert _names(submissions_visible_to(supplier_b_user)) == ["b.xlsx"]


def test_anyone_else_sees_nothing(two_suppliers_files) -> None:
    no_role = make_user("nobody")
    inactive = make_user("gone", Role.COMPLIANCE)
    inactive.is_active = False
    inactive.save()
    assert not submissions_visible_to(AnonymousUser()).exists()
    assert not submissions_visible_to(no_role).exists()
    assert not submissions_visible_to(inactive).exists()


def test_a_supplier_user_never_sees_unassigned_bulk_files(supplier_a_user, compliance_user) -> None:
    make_submission(None, "unassigned.xlsx")
    assert not submissions_visible_to(supplier_a_user).exists()
    assert _names(submissions_visible_to(compliance_user)) == ["unassigned.xlsx"]


def test_the_list_filters_and_orders_newest_first(supplier_a, supplier_b, compliance_user) -> None:
    def at(day: int) -> datetime:
        return datetime(2026, 3, day, 9, 0, tzinfo=UTC)

    make_submission(supplier_a, "old.xlsx", uploaded_at=at(1), template_version="6.4")
    make_submission(
        supplier_a, "errors.xlsx", uploaded_at=at(2), template_version="6.5", error_count=3
    )
    make_submission(supplier_b, "b.xlsx", uploaded_at=at(3), template_version="6.5")
    make_submission(supplier_b, "waiting.xlsx", uploaded_at=at(4), status=Submission.Status.QUEUED)

    def listed(**filters) -> list[str]:
        return _names(submission_list(compliance_user, SubmissionFilter(**filters)))

    assert listed() == ["waiting.xlsx", "b.xlsx", "errors.xlsx", "old.xlsx"]
    assert listed(supplier_id=supplier_a.pk) == ["errors.xlsx", "old.xlsx"]
    assert listed(status="queued") == ["waiting.xlsx"]
    assert listed(template_version="6.5") == ["b.xlsx", "errors.xlsx"]
    assert listed(has_errors=True) == ["errors.xlsx"]
    assert listed(has_errors=False) == ["waiting.xlsx", "b.xlsx", "old.xlsx"]
    assert listed(supplier_id=supplier_b.pk, template_version="6.5") == ["b.xlsx"]
    assert submission_versions(compliance_user) == ["6.4", "6.5"]


def test_the_list_never_widens_the_permission_filter(two_suppliers_files, supplier_a_user) -> None:
    supplier_b_id = two_suppliers_files[1].supplier_id
    assert not submission_list(supplier_a_user, SubmissionFilter(supplier_id=supplier_b_id))


def test_the_page_groups_findings_by_sheet_in_order(supplier_a) -> None:
    page = submission_page(make_checked(supplier_a))
    assert [(g.sheet, [f.cell or f.row for f in g.findings]) for g in page.finding_groups] == [
        ("Declaration", ["D27", "D16"]),
        ("Smelter List", [6]),
    ]
    assert [g.error_count for g in page.finding_groups] == [2, 0]


def test_the_answers_grid_has_a_row_per_question_and_a_cell_per_metal(supplier_a) -> None:
    page = submission_page(make_checked(supplier_a))
    (row,) = page.answer_rows
    assert row.key == "Q1"
    assert row.text == (
        "Is any 3TG intentionally added or used in the product(s) or in the production process?"
    )
    assert [(c.metal, c.value, c.comment) for c in row.cells] == [
        ("Tantalum", "Yes", ""),
        ("Tin", "No", "not used since 2024"),
        ("Gold", "Yes", ""),
        ("Tungsten", "Unknown", ""),
    ]
    (company,) = page.company_answers
    assert (company.key, company.answer, company.comment) == ("B", "Yes", "https://acme.example")
    assert page.scope_label == "Company"


def test_without_a_known_layout_questions_keep_their_keys_in_natural_order(supplier_a) -> None:
    submission = make_checked(supplier_a)
    declaration = submission.declaration
    declaration.answers = {"Q10": {}, "Q2": {"Gold": {"value": "No", "comment": ""}}}
    declaration.save()
    submission.template_version = ""
    page = submission_page(submission)
    assert [(r.key, r.text) for r in page.answer_rows] == [("Q2", ""), ("Q10", "")]
    assert [c.value for c in page.answer_rows[0].cells] == ["", "", "No", ""]


def test_matched_smelters_carry_the_rmap_status_of_the_day(supplier_a) -> None:
    make_rmap(date(2025, 1, 1), {"CID000077": ("Active", "active")})
    make_rmap(date(2026, 1, 1), {"CID000077": ("Conformant", "conformant")})
    submission = make_checked(supplier_a)

    page = submission_page(submission, rmap_day=date(2026, 2, 1))
    assert page.rmap_snapshot is not None and page.rmap_snapshot.as_of == date(2026, 1, 1)
    assert [(line.record.row, line.rmap and line.rmap.status) for line in page.smelters] == [
        (5, "conformant"),
        (6, None),
    ]
    earlier = submission_page(submission, rmap_day=date(2025, 6, 1))
    assert earlier.smelters[0].rmap is not None and earlier.smelters[0].rmap.status == "active"


def test_without_an_rmap_list_there_is_no_status(supplier_a) -> None:
    page = submission_page(make_checked(supplier_a), rmap_day=date(2026, 2, 1))
    assert page.rmap_snapshot is None
    assert [line.rmap for line in page.smelters] == [None, None]


def test_the_status_for_polling(supplier_a) -> None:
    submission = make_submission(
        supplier_a,
        status=Submission.Status.PROCESSING,
        stage=Submission.Stage.MATCHING,
        progress=60,
    )
    assert submission_status(submission) == {
        "status": "processing",
        "stage": "matching",
        "stage_label": "matching smelters",
        "progress": 60,
        "finished": False,
    }
