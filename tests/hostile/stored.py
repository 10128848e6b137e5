"""What the app kept of a hostile upload: the original's bytes, and its derived rows."""

from __future__ import annotations

import io
import json
import zipfile

from django.db.models.fields.files import FieldFile

from cmrt.models import DeclarationRecord, FindingRecord, ProductRecord, SmelterRecord, Submission


def stored_bytes(stored: FieldFile) -> bytes:
    with stored.open("rb") as handle:
        return handle.read()


def member_bytes(archive: FieldFile, path: str) -> bytes:
    """A file inside a stored zip (a bulk import's archive) by its path."""
    return zipfile.ZipFile(io.BytesIO(stored_bytes(archive))).read(path)


def assert_no_nul(submission: Submission) -> None:
    """No NUL reached a text or JSON column: PostgreSQL refuses them (the default SQLite does
    not), so this stands in for the production database here."""
    texts: list[object] = [submission.declared_company, submission.message]
    texts += list(
        DeclarationRecord.objects.filter(submission=submission).values_list(
            "company_name", "company", "answers", "company_answers"
        )
    )
    for model in (SmelterRecord, ProductRecord, FindingRecord):
        texts += list(model.objects.filter(submission=submission).values())
    dumped = json.dumps(texts, default=str)
    assert "\\u0000" not in dumped and "\x00" not in dumped
