"""Compliance pages of smelter matching: the review queue and the decision on one reported
name. Viewing needs ``view_smelternamedecision`` (the committee has it); deciding needs
``add_smelternamedecision``. Supplier users get 404 (``StaffPermissionRequired``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView, View

from cmrt.checks.common import normalise_cid
from cmrt.models import METAL_CHOICES
from cmrt.selectors.matching import ReviewItem, review_item, review_queue
from cmrt.services.matching import review_decide
from suppliers.views.access import StaffPermissionRequired

VIEW_PERMISSION = "cmrt.view_smelternamedecision"
DECIDE_PERMISSION = "cmrt.add_smelternamedecision"
OTHER = "other"  # the "enter a smelter ID" choice
NONE = "none"  # the "not a listed smelter" choice


class ReviewFilterForm(forms.Form):
    metal = forms.ChoiceField(
        label=gettext_lazy("Metal"),
        choices=[("", gettext_lazy("All metals")), *METAL_CHOICES],
        required=False,
    )
    unmatched = forms.BooleanField(
        label=gettext_lazy("Also names that matched nothing"), required=False
    )


class DecideForm(forms.Form):
    choice = forms.ChoiceField(label=gettext_lazy("Decision"), widget=forms.RadioSelect)
    cid = forms.CharField(
        label=gettext_lazy("Smelter ID"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("Only for “Another smelter”: CID followed by six digits."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, item: ReviewItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (
                candidate.cid,
                f"{candidate.cid} {candidate.name}"
                + (f" ({candidate.country})" if candidate.country else "")
                + f" · {candidate.score:.0f}%",
            )
            for candidate in item.candidates
        ]
        choices.append((OTHER, _("Another smelter (enter its ID)")))
        choices.append((NONE, _("Not a listed smelter")))
        self.fields["choice"].choices = choices

    def decided_cid(self) -> str | None:
        """The chosen CID; None for "not a listed smelter"."""
        choice = self.cleaned_data["choice"]
        if choice == NONE:
            return None
        if choice == OTHER:
            return normalise_cid(self.cleaned_data["cid"])
        return choice

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("choice") == OTHER and not data.get("cid", "").strip():
            self.add_error("cid", _("Enter the smelter ID, or choose another option."))
        return data


class ReviewQueueView(StaffPermissionRequired, TemplateView):
    permission_required = VIEW_PERMISSION
    template_name = "cmrt/matching/review_queue.html"
    paginate_by = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = ReviewFilterForm(self.request.GET or None)
        metal, unmatched = "", False
        if form.is_valid():
            metal, unmatched = form.cleaned_data["metal"], form.cleaned_data["unmatched"]
        items = review_queue(metal, include_unmatched=unmatched)
        page = Paginator(items, self.paginate_by).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=form,
            filter_query=query.urlencode(),
            rows=[(item, decide_url(item.metal, item.folded)) for item in page.object_list],
            page_obj=page,
            total=len(items),
            can_decide=self.request.user.has_perm(DECIDE_PERMISSION),
        )
        return context


def decide_url(metal: str, folded: str) -> str:
    return reverse("cmrt:review_decide") + "?" + urlencode({"metal": metal, "name": folded})


class ReviewDecideView(StaffPermissionRequired, View):
    """GET shows the item and the form; POST stores the decision (403 without the add
    permission). The item is named in the query string: folded names may hold any
    character, including slashes."""

    permission_required = VIEW_PERMISSION
    template_name = "cmrt/matching/review_decide.html"

    def _item(self, request: HttpRequest) -> ReviewItem:
        item = review_item(request.GET.get("metal", ""), request.GET.get("name", ""))
        if item is None:
            raise Http404
        return item

    def _render(self, request: HttpRequest, item: ReviewItem, form: DecideForm) -> HttpResponse:
        context = {
            "item": item,
            "form": form,
            "can_decide": request.user.has_perm(DECIDE_PERMISSION),
        }
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest) -> HttpResponse:
        item = self._item(request)
        initial = {"choice": item.candidates[0].cid} if item.candidates else {"choice": OTHER}
        return self._render(request, item, DecideForm(item=item, initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm(DECIDE_PERMISSION):
            raise PermissionDenied
        item = self._item(request)
        form = DecideForm(request.POST, item=item)
        if not form.is_valid():
            return self._render(request, item, form)
        cid = form.decided_cid()
        try:
            count = review_decide(
                metal=item.metal,
                name=item.name,
                cid=cid,
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error("cid" if form.cleaned_data["choice"] == OTHER else None, error)
            return self._render(request, item, form)
        if cid:
            text = ngettext(
                '"%(name)s" is now %(cid)s; %(count)d row updated.',
                '"%(name)s" is now %(cid)s; %(count)d rows updated.',
                count,
            )
        else:
            text = ngettext(
                '"%(name)s" is not a listed smelter; %(count)d row updated.',
                '"%(name)s" is not a listed smelter; %(count)d rows updated.',
                count,
            )
        messages.success(request, text % {"name": item.name, "cid": cid, "count": count})
        return redirect(reverse("cmrt:review_queue") + f"?metal={item.metal}")
