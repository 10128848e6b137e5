"""Forms of the bulk import pages: the upload (a zip or several workbooks) and the
supplier assignment of a waiting file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from cmrt.models import BulkItem
from cmrt.services.bulk import bulk_archive_limit
from suppliers.models import Supplier

_MB = 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the pattern from Django's file upload docs)."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if isinstance(data, list | tuple):
            files = [super(MultipleFileField, self).clean(one, initial) for one in data if one]
        else:
            files = [super().clean(data, initial)] if data else []
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return files


class BulkImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Zip file or CMRT workbooks"),
        help_text=_(
            "A zip of CMRTs (folders inside are fine), or several .xlsx/.xlsm/.xls files. "
            "For more than 100 files, upload a zip."
        ),
        error_messages={"required": _("Choose a zip file or one or more CMRT workbooks.")},
    )
    supplier = forms.ModelChoiceField(
        label=_("Supplier"),
        queryset=Supplier.objects.order_by("name"),
        required=False,
        help_text=_(
            "Leave empty to assign each file by the company name it declares. Choose a "
            "supplier only if every file is theirs."
        ),
    )

    def clean_files(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["files"]
        archive_limit = bulk_archive_limit()
        for upload in files:
            is_zip = (upload.name or "").lower().endswith(".zip")
            limit = archive_limit if is_zip else settings.MAX_UPLOAD_BYTES
            if upload.size is not None and upload.size > limit:
                message = (
                    _("%(name)s is larger than %(limit)d MB; split it into several imports.")
                    if is_zip
                    else _("%(name)s is larger than %(limit)d MB, far larger than a CMRT.")
                )
                raise forms.ValidationError(
                    message % {"name": upload.name, "limit": limit // _MB}, code="too_large"
                )
        if sum(upload.size or 0 for upload in files) > archive_limit:
            raise forms.ValidationError(
                _(
                    "The files together are larger than %(limit)d MB; upload them in "
                    "several imports."
                )
                % {"limit": archive_limit // _MB},
                code="too_large",
            )
        return files


class BulkAssignForm(forms.Form):
    item = forms.ModelChoiceField(
        queryset=BulkItem.objects.filter(status=BulkItem.Status.NEEDS_SUPPLIER),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("This file is no longer waiting for a supplier.")},
    )
    supplier = forms.ModelChoiceField(
        label=_("Supplier"),
        queryset=Supplier.objects.order_by("name"),
        error_messages={
            "required": _("Choose the supplier this file belongs to."),
            "invalid_choice": _("That supplier does not exist (any more)."),
        },
    )
