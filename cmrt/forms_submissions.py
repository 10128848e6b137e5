"""Forms of the submission pages: the compliance upload and the list filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from cmrt.models import Submission
from suppliers.models import Supplier


class SubmissionUploadForm(forms.Form):
    """Compliance uploads a CMRT on behalf of a supplier. Only the size is checked here;
    the service stores the bytes and the worker decides whether they are a CMRT."""

    supplier = forms.ModelChoiceField(
        label=_("Supplier"),
        queryset=Supplier.objects.filter(status=Supplier.Status.ACTIVE).order_by("name"),
        empty_label=_("Choose the supplier"),
    )
    file = forms.FileField(
        label=_("CMRT workbook (.xlsx, .xlsm or .xls)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.xls"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        # Checked before anything reads the file: Django has only spooled it to disk.
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _(
                    "The file is %(size)s; the limit is %(limit)s. A CMRT is much smaller: "
                    "check that you chose the right file."
                )
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.MAX_UPLOAD_BYTES),
                }
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload


HAS_ERRORS_CHOICES = [
    ("", _("With or without errors")),
    ("yes", _("Has errors")),
    ("no", _("No errors")),
]


class SubmissionFilterForm(forms.Form):
    supplier = forms.ModelChoiceField(
        label=_("Supplier"),
        required=False,
        queryset=Supplier.objects.none(),
        empty_label=_("Any supplier"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Submission.Status.choices],
    )
    version = forms.ChoiceField(label=_("Version"), required=False)
    has_errors = forms.ChoiceField(label=_("Errors"), required=False, choices=HAS_ERRORS_CHOICES)

    def __init__(
        self, *args: Any, suppliers: QuerySet[Supplier], versions: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = suppliers.order_by("name")
        self.fields["version"].choices = [("", _("Any version"))] + [(v, v) for v in versions]

    @property
    def has_errors_value(self) -> bool | None:
        """The cleaned "errors" choice as the selector takes it."""
        return {"yes": True, "no": False}.get(self.cleaned_data.get("has_errors", ""))
