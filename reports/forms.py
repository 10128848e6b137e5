"""The report version edit form: the company profile and every section's text."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from reports.model import CompanyProfile
from reports.texts import CMR_SECTIONS, FORM_SD_SECTIONS

PROFILE_LABELS = {
    "name": _("Company name"),
    "registrant_address": _("Registrant address"),
    "sec_file_number": _("SEC file number"),
    "contact_name": _("Contact name"),
    "contact_email": _("Contact e-mail"),
    "contact_phone": _("Contact telephone"),
    "authorizer": _("Authorized signatory"),
    "authorizer_title": _("Signatory's title"),
    "policy_url": _("Conflict minerals policy URL"),
    "grievance_contact": _("Grievance contact"),
    "committee": _("Responsible committee"),
    "products_description": _("Products in scope"),
}
LONG_PROFILE_FIELDS = {"registrant_address", "grievance_contact", "products_description"}
SECTIONS = (*FORM_SD_SECTIONS, *CMR_SECTIONS)
MAX_SECTION_LENGTH = 20_000


def _text_field(key: str) -> str:
    return f"text_{key}"


class VersionEditForm(forms.Form):
    """One field per profile entry (``profile_<name>``) and per section (``text_<key>``),
    the section prefilled with its edited body or else the default with its placeholders.
    ``texts()`` returns only the sections that differ from the default."""

    def __init__(
        self,
        *args: Any,
        profile: CompanyProfile,
        texts: Mapping[str, str],
        members: QuerySet[Any],
        required: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["required_members"] = forms.ModelMultipleChoiceField(
            label=_("Required approvers"),
            queryset=members,
            required=False,
            initial=required,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("None ticked: every member of the disclosure committee must approve."),
        )
        for field in dataclasses.fields(CompanyProfile):
            self.fields[f"profile_{field.name}"] = forms.CharField(
                label=PROFILE_LABELS[field.name],
                required=field.name == "name",
                max_length=2_000,
                initial=getattr(profile, field.name),
                widget=(
                    forms.Textarea(attrs={"rows": 3})
                    if field.name in LONG_PROFILE_FIELDS
                    else forms.TextInput
                ),
            )
        self.fields["profile_contact_email"].validators.append(
            forms.EmailField.default_validators[0]
        )
        for key, title, default in SECTIONS:
            self.fields[_text_field(key)] = forms.CharField(
                label=title,
                required=False,
                max_length=MAX_SECTION_LENGTH,
                initial=texts.get(key, default),
                strip=True,
                widget=forms.Textarea(attrs={"rows": 8}),
                help_text=_("Edited") if key in texts else "",
            )

    def profile(self) -> dict[str, str]:
        return {
            field.name: self.cleaned_data[f"profile_{field.name}"]
            for field in dataclasses.fields(CompanyProfile)
        }

    def texts(self) -> dict[str, str]:
        """Every section whose text differs from the default; an emptied section goes back
        to the default (a document never loses a section by accident)."""
        edited: dict[str, str] = {}
        for key, _title, default in SECTIONS:
            body = self.cleaned_data[_text_field(key)].replace("\r\n", "\n")
            if body and body != default.strip():
                edited[key] = body
        return edited

    def required(self) -> list[Any]:
        return list(self.cleaned_data["required_members"])

    def section_fields(self) -> list[forms.BoundField]:
        return [self[_text_field(key)] for key, _title, _default in SECTIONS]

    def profile_fields(self) -> list[forms.BoundField]:
        return [self[f"profile_{field.name}"] for field in dataclasses.fields(CompanyProfile)]
