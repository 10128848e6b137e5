"""Forms of the supplier portal: upload a CMRT, decline a request, answer a question,
keep the organisation's contacts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from suppliers.forms import ContactForm

# Long enough for a real explanation, short enough that nobody pastes a whole document.
REASON_MAX_LENGTH = 2000


class PortalUploadForm(forms.Form):
    """Only the size is checked here; the service stores the bytes and the worker decides
    whether they are a CMRT."""

    file = forms.FileField(
        label=_("Your completed CMRT (.xlsx, .xlsm or .xls)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.xls"}),
        error_messages={"required": _("Choose your CMRT workbook first.")},
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


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you declining this request?"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: we do not supply products containing tin, tantalum, tungsten or "
            "gold to you. Your customer reads this reason."
        ),
        error_messages={"required": _("Tell your customer why you are declining.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Tell your customer why you are declining."))
        return reason


class ClarificationAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        max_length=REASON_MAX_LENGTH * 2,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write your answer first.")},
    )

    def clean_answer(self) -> str:
        answer = self.cleaned_data["answer"].strip()
        if not answer:
            raise forms.ValidationError(_("Write your answer first."))
        return answer


class PortalContactForm(ContactForm):
    """A supplier user keeps their organisation's contacts. Activation is a separate
    button: deactivating also closes that person's portal account."""

    class Meta(ContactForm.Meta):
        fields = ["name", "email", "phone", "role", "is_primary"]
