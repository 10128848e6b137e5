"""Forms of the campaign pages: the campaign itself, putting suppliers in scope, the
request table's filters and the actions on one request."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from cmrt.models import RmapSnapshot
from suppliers.campaign_stats import METALS, SMELTER_BUCKETS, RowFilter
from suppliers.models import Campaign, CampaignRequest, Supplier, Tag

_VERSION = re.compile(r"^\d+\.\d+$")
_DAYS = re.compile(r"^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$")


def form_sd_due_date(reporting_year: int) -> date:
    """31 May of the next year, or the next business day when that is a weekend (Rule
    13p-1; public holidays are not known here)."""
    due = date(reporting_year + 1, 5, 31)
    while due.weekday() >= 5:
        due += timedelta(days=1)
    return due


def campaign_initial(reporting_year: int) -> dict[str, Any]:
    """A new campaign's defaults: the calendar year, and suppliers due two months before
    Form SD so there is time to review, chase and roll up."""
    return {
        "name": _("Conflict minerals %(year)d") % {"year": reporting_year},
        "reporting_year": reporting_year,
        "period_start": date(reporting_year, 1, 1),
        "period_end": date(reporting_year, 12, 31),
        "due_date": date(reporting_year + 1, 3, 31),
    }


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "name",
            "reporting_year",
            "period_start",
            "period_end",
            "due_date",
            "minimum_version",
            "scope",
            "rmap_snapshot",
            "status",
            "reminder_days_before",
            "overdue_every_days",
            "escalate_after",
            "invitation_subject",
            "invitation_body",
            "reminder_subject",
            "reminder_body",
        ]
        widgets = {
            "period_start": _DateInput(),
            "period_end": _DateInput(),
            "due_date": _DateInput(),
            "scope": forms.RadioSelect,
            "invitation_body": forms.Textarea(attrs={"rows": 5}),
            "reminder_body": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["rmap_snapshot"]
        field.queryset = RmapSnapshot.objects.order_by("-as_of", "-created_at")  # type: ignore[attr-defined]
        field.empty_label = _("none yet (the list in force on each day is used)")  # type: ignore[attr-defined]
        year = self.initial.get("reporting_year") or getattr(self.instance, "reporting_year", None)
        if year:
            self.fields["due_date"].help_text = _(
                "When suppliers must answer. Form SD for %(year)d is due %(date)s."
            ) % {"year": year, "date": form_sd_due_date(int(year)).isoformat()}

    def clean_minimum_version(self) -> str:
        value: str = self.cleaned_data["minimum_version"].strip()
        if not _VERSION.match(value):
            raise forms.ValidationError(_("Write the version as numbers, e.g. 6.5."))
        return value

    def clean_reminder_days_before(self) -> str:
        value: str = self.cleaned_data["reminder_days_before"]
        if value.strip() and not _DAYS.match(value):
            raise forms.ValidationError(_("Write whole days separated by commas, e.g. 14,3."))
        return ",".join(part.strip() for part in value.split(",") if part.strip())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        year, start, end = (
            data.get("reporting_year"),
            data.get("period_start"),
            data.get("period_end"),
        )
        if start and end and start > end:
            self.add_error("period_end", _("The period must end on or after its first day."))
        elif year and start and end and not (start.year == end.year == year):
            self.add_error(
                "period_start",
                _("The reporting period must lie within the reporting year %(year)d.")
                % {"year": year},
            )
        return data


class SuppliersAddForm(forms.Form):
    suppliers = forms.ModelMultipleChoiceField(
        label=_("Suppliers"),
        queryset=Supplier.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = forms.ModelMultipleChoiceField(
        label=_("Every active supplier with any of these tags"),
        queryset=Tag.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["suppliers"].queryset = (  # type: ignore[attr-defined]
            Supplier.objects.filter(status=Supplier.Status.ACTIVE)
            .exclude(campaign_requests__campaign=campaign)
            .order_by("name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("suppliers") and not data.get("tags"):
            raise forms.ValidationError(_("Pick suppliers or tags."))
        return data


class SuppliersImportForm(forms.Form):
    file = forms.FileField(
        label=_("Supplier list (CSV or XLSX)"),
        help_text=_(
            "Row 1 holds the column names: supplier (name or vendor number) or "
            "vendor_number, and optionally products."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s.")
                % {"limit": filesizeformat(settings.MAX_UPLOAD_BYTES)}
            )
        return upload


_YES = [("", _("any")), ("1", _("yes"))]


class RequestFilterForm(forms.Form):
    q = forms.CharField(label=_("Supplier"), required=False)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("any")), *CampaignRequest.State.choices],
    )
    overdue = forms.ChoiceField(label=_("Overdue"), required=False, choices=_YES)
    responded = forms.ChoiceField(label=_("Responded"), required=False, choices=_YES)
    errors = forms.ChoiceField(label=_("Has errors"), required=False, choices=_YES)
    high_risk = forms.ChoiceField(label=_("High risk"), required=False, choices=_YES)
    metal = forms.ChoiceField(
        label=_("Uses metal"),
        required=False,
        choices=[("", _("any")), *((m, _(m)) for m in METALS)],
    )
    rmap = forms.ChoiceField(
        label=_("Reported a smelter that is"),
        required=False,
        choices=[("", _("any")), *((b, b) for b in SMELTER_BUCKETS)],
    )

    def __init__(self, *args: Any, bucket_labels: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rmap"].choices = [  # type: ignore[attr-defined]
            ("", _("any")),
            *((b, bucket_labels.get(b, b)) for b in SMELTER_BUCKETS),
        ]

    def row_filter(self) -> RowFilter:
        if not self.is_valid():
            return RowFilter()
        data = self.cleaned_data
        return RowFilter(
            state=data["state"],
            overdue=data["overdue"] == "1",
            errors=data["errors"] == "1",
            high_risk=data["high_risk"] == "1",
            responded=data["responded"] == "1",
            metal=data["metal"],
            rmap=data["rmap"],
        )


class RequestActionForm(forms.Form):
    ACTIONS = ("invite", "accept", "reject", "reopen", "decline", "note")
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    text = forms.CharField(required=False, max_length=4000)
