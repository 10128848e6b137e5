from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from suppliers.models import Contact, Supplier, Tag, normalise_duns, normalise_lei
from suppliers.services.transfer import RegistryKind


class SupplierForm(forms.ModelForm):
    # Accept DUNS as people write it (12-345-6789); clean_duns_number keeps the digits.
    duns_number = forms.CharField(label=_("DUNS number"), max_length=20, required=False)
    new_tags = forms.CharField(
        label=_("New tags"),
        required=False,
        help_text=_("Comma-separated; created if they do not exist yet."),
    )

    class Meta:
        model = Supplier
        fields = [
            "name",
            "country",
            "vendor_number",
            "duns_number",
            "lei",
            "status",
            "tags",
            "notes",
        ]
        widgets = {
            "tags": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_duns_number(self) -> str:
        return normalise_duns(self.cleaned_data["duns_number"])

    def clean_lei(self) -> str:
        return normalise_lei(self.cleaned_data["lei"])

    def new_tag_names(self) -> list[str]:
        return [n.strip() for n in self.cleaned_data.get("new_tags", "").split(",") if n.strip()]

    def clean_new_tags(self) -> str:
        value: str = self.cleaned_data["new_tags"]
        too_long = [n.strip() for n in value.split(",") if len(n.strip()) > 60]
        if too_long:
            raise forms.ValidationError(
                _("Tags have at most 60 characters: %(tag)s") % {"tag": too_long[0]}
            )
        return value


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "email", "phone", "role", "is_primary", "is_active"]

    def __init__(self, *args: Any, supplier: Supplier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.supplier = supplier

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip()

    def validate_constraints(self) -> None:
        # A new primary contact replaces the old one (the service demotes it), so the
        # one-primary constraint must not block the form.
        was_primary = self.instance.is_primary
        self.instance.is_primary = False
        try:
            super().validate_constraints()
        finally:
            self.instance.is_primary = was_primary


class SupplierFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Supplier.Status.choices]
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    tag = forms.ModelChoiceField(
        label=_("Tag"), required=False, queryset=Tag.objects.all(), empty_label=_("Any tag")
    )

    def __init__(self, *args: Any, country_codes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any country"))] + [
            (code, countries.name(code)) for code in country_codes
        ]


class ContactFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    active = forms.ChoiceField(
        label=_("Active"),
        required=False,
        choices=[("", _("Active or not")), ("yes", _("Active")), ("no", _("Inactive"))],
    )


class RegistryImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[(RegistryKind.SUPPLIERS, _("Suppliers")), (RegistryKind.CONTACTS, _("Contacts"))],
    )
    file = forms.FileField(
        label=_("CSV or Excel (.xlsx) file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.MAX_UPLOAD_BYTES),
                }
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload
