"""Uploaded files are private: stored under MEDIA_ROOT (never a static folder), under names
another supplier cannot guess, and reachable only through permission-checked views."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.views import static

from cmrt.services.bulk import bulk_start
from cmrt.services.ingestion import submission_receive
from cmrt.services.reference_pending import reference_pending_store
from reports.models import ReportFile
from suppliers.models import Supplier
from suppliers.services.transfer import RegistryKind, pending_import_store

pytestmark = pytest.mark.django_db

RANDOM = "[0-9a-f]{32}"  # uuid4().hex: 122 random bits
# Every FileField of the project and how its stored names are made. A new FileField fails
# test_every_file_field_is_listed until someone decides how its names are made.
FILE_FIELDS = {
    # Content-addressed, so identical bytes share one file; the duplicate check itself is the
    # (supplier, sha256) database constraint. Only someone who already holds the exact bytes
    # can compute the name, and no URL serves a name: downloads go by id through a view.
    "cmrt.submission.file": r"submissions/[0-9a-f]{2}/[0-9a-f]{64}\.xlsx",
    "cmrt.bulkimport.file": rf"bulk/\d{{4}}/{RANDOM}\.zip",
    "cmrt.referenceimport.file": rf"reference/\d{{4}}/{RANDOM}\.xlsx",
    "reports.reportfile.file": rf"reports/[^/]+/{RANDOM}\.xlsx",
}


def file_fields() -> set[str]:
    return {
        f"{model._meta.label_lower}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    }


def test_every_file_field_is_listed() -> None:
    assert file_fields() == set(FILE_FIELDS)


def test_media_is_never_inside_a_static_folder() -> None:
    media = Path(settings.MEDIA_ROOT).resolve()
    for public in (Path(settings.STATIC_ROOT), *map(Path, settings.STATICFILES_DIRS)):
        assert not media.is_relative_to(public.resolve())
    assert getattr(settings, "WHITENOISE_ROOT", None) is None  # WhiteNoise serves no other root


def test_no_url_serves_files_from_a_folder() -> None:
    """No pattern uses django.views.static.serve (what static()/MEDIA_URL helpers add)."""

    def callbacks(resolver: URLResolver) -> list[object]:
        found = []
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                found += callbacks(entry)
            elif isinstance(entry, URLPattern):
                found.append(entry.callback)
        return found

    served = [c for c in callbacks(get_resolver()) if c in (static.serve, static.directory_index)]
    assert served == []


def test_a_stored_file_is_not_reachable_by_its_path(
    compliance_client: Client, supplier_a: Supplier
) -> None:
    received = submission_receive(
        content=b"PK workbook", filename="a.xlsx", supplier=supplier_a, by=None, enqueue=False
    )
    name = received.submission.file.name
    assert (Path(settings.MEDIA_ROOT) / name).read_bytes() == b"PK workbook"
    for url in (f"/{name}", f"/media/{name}", f"/static/{name}", f"/static/media/{name}"):
        assert compliance_client.get(url).status_code == 404, url


def test_submissions_are_named_by_content_only(supplier_a: Supplier, supplier_b: Supplier) -> None:
    content = b"PK the same workbook"
    first = submission_receive(
        content=content, filename="../../Alpha.XLSX", supplier=supplier_a, by=None, enqueue=False
    ).submission
    second = submission_receive(
        content=content, filename="beta.xlsx", supplier=supplier_b, by=None, enqueue=False
    ).submission
    sha = hashlib.sha256(content).hexdigest()
    assert first.file.name == second.file.name == f"submissions/{sha[:2]}/{sha}.xlsx"
    assert re.fullmatch(FILE_FIELDS["cmrt.submission.file"], first.file.name)
    assert (first.original_name, second.original_name) == ("Alpha.XLSX", "beta.xlsx")


def test_other_uploads_get_random_names(compliance_user) -> None:
    bulk = bulk_start(files=[("batch.zip", zip_of_one())], by=compliance_user, enqueue=False)
    assert re.fullmatch(FILE_FIELDS["cmrt.bulkimport.file"], bulk.file.name)
    # The reports app names its files from the row they belong to (which it is still
    # reshaping): give its upload_to any row and look only at the name it makes.
    upload_to = ReportFile._meta.get_field("file").upload_to
    assert re.fullmatch(FILE_FIELDS["reports.reportfile.file"], upload_to(_AnyRow(), "rcoi.xlsx"))
    # Previews waiting for confirmation, kept outside any model.
    token = pending_import_store(RegistryKind.SUPPLIERS, b"name\nA\n", by=compliance_user)
    reference = reference_pending_store(b"x", "list.xlsx", as_of=None, by=compliance_user)
    pending = sorted(p.relative_to(settings.MEDIA_ROOT).as_posix() for p in pending_files())
    assert len(pending) == 2 and token and reference
    assert all(re.fullmatch(rf"[a-z_/-]+/{RANDOM}\.upload", p) for p in pending), pending


class _AnyRow:
    """Stands in for a model row: every attribute is another one, and it prints as 7."""

    def __getattr__(self, name: str) -> _AnyRow:
        return self

    def __format__(self, spec: str) -> str:
        return "7"


def pending_files() -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*.upload") if p.is_file()]


def zip_of_one() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.xlsx", b"PK not really a workbook")
    return buffer.getvalue()
