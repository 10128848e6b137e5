"""Reference files waiting for confirmation after a preview (upload, preview, confirm)."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import PurePath
from typing import Any

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

# Previews waiting for confirmation: the upload under MEDIA_ROOT/reference-pending/, named
# by a signed token that also binds the uploader, the file name and the chosen date.
_PENDING_DIR = "reference-pending/"
_PENDING_SALT = "cmrt.reference.pending"
PENDING_MAX_AGE_SECONDS = 3600


class PendingReferenceError(ValueError):
    """The preview to confirm is gone, expired or someone else's."""


def reference_pending_store(content: bytes, filename: str, *, as_of: date | None, by: Any) -> str:
    name = default_storage.save(f"{_PENDING_DIR}{uuid.uuid4().hex}.upload", ContentFile(content))
    payload = {
        "path": name,
        "name": PurePath(filename).name,
        "as_of": as_of.isoformat() if as_of else "",
        "user": by.pk,
    }
    return signing.dumps(payload, salt=_PENDING_SALT)


def reference_pending_load(token: str, *, by: Any) -> tuple[bytes, str, date | None, str]:
    """The bytes, file name, as-of date and storage path of this user's previewed file."""
    try:
        data = signing.loads(token, salt=_PENDING_SALT, max_age=PENDING_MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise PendingReferenceError(
            _("The preview is more than an hour old; upload the file again.")
        ) from None
    except signing.BadSignature:
        raise PendingReferenceError(
            _("The previewed file could not be found; upload it again.")
        ) from None
    path = data.get("path", "")
    if (
        data.get("user") != by.pk
        or not path.startswith(_PENDING_DIR)
        or ".." in path
        or not default_storage.exists(path)
    ):
        raise PendingReferenceError(_("The previewed file could not be found; upload it again."))
    with default_storage.open(path, "rb") as handle:
        content = handle.read()
    as_of = date.fromisoformat(data["as_of"]) if data.get("as_of") else None
    return content, data.get("name", ""), as_of, path


def reference_pending_discard(path: str) -> None:
    if path.startswith(_PENDING_DIR) and ".." not in path:
        default_storage.delete(path)
