"""Smelter reference data: the RMI smelter list with every known name, and RMAP status
as dated snapshots (a campaign binds to one, so a newer list never rewrites a past year)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cmrt.declaration import METAL_ROWS

METAL_CHOICES = [(metal.value, _(metal.value)) for metal in METAL_ROWS]


class ReferenceImport(models.Model):
    """One imported reference file. The same bytes twice are one import (``sha256``)."""

    class Kind(models.TextChoices):
        LOOKUP_TAB = "lookup_tab", _("Smelter Look-up tab of an RMI template")
        FACILITY_LIST = "facility_list", _("RMI facility list")
        STATUS_LIST = "status_list", _("RMAP status list")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    original_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to="reference/%Y/")
    source_label = models.CharField(_("source"), max_length=200, blank=True)
    as_of = models.DateField(_("as of"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    removed_count = models.PositiveIntegerField(_("removed"), default=0)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reference import")
        verbose_name_plural = _("reference imports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class ReferenceSmelter(models.Model):
    """A smelter or refiner of RMI's list, by its CID. Never deleted: a smelter that a later
    list no longer carries is marked removed, and its former names stay as aliases."""

    cid = models.CharField(_("smelter ID"), max_length=20, unique=True)
    metal = models.CharField(_("metal"), max_length=10, choices=METAL_CHOICES)
    standard_name = models.CharField(_("standard name"), max_length=255)
    country = models.CharField(_("country"), max_length=100, blank=True)
    street = models.CharField(_("street"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    state = models.CharField(_("state / province"), max_length=120, blank=True)
    source = models.CharField(_("source of the ID"), max_length=120, blank=True)
    first_import = models.ForeignKey(
        ReferenceImport, on_delete=models.PROTECT, related_name="smelters_added"
    )
    last_import = models.ForeignKey(
        ReferenceImport, on_delete=models.PROTECT, related_name="smelters_listed"
    )
    removed_at = models.DateField(_("no longer listed since"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["metal", "standard_name"]
        verbose_name = _("reference smelter")
        verbose_name_plural = _("reference smelters")
        indexes = [models.Index(fields=["metal", "standard_name"])]

    def __str__(self) -> str:
        return f"{self.cid} {self.standard_name} ({self.metal})"


class SmelterAlias(models.Model):
    """A name a smelter is known by: its standard name, look-up list names, names from
    other lists, and former names. ``folded`` is the comparison key (case, spacing)."""

    class Kind(models.TextChoices):
        STANDARD = "standard", _("standard name")
        LOOKUP = "lookup", _("look-up list name")
        ALIAS = "alias", _("other known name")
        FORMER = "former", _("former standard name")

    smelter = models.ForeignKey(ReferenceSmelter, on_delete=models.CASCADE, related_name="aliases")
    metal = models.CharField(_("metal"), max_length=10, choices=METAL_CHOICES)
    name = models.CharField(_("name"), max_length=255)
    folded = models.CharField(max_length=255, db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    source_import = models.ForeignKey(
        ReferenceImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("smelter name")
        verbose_name_plural = _("smelter names")
        constraints = [
            models.UniqueConstraint(fields=["smelter", "folded"], name="cmrt_alias_unique_name")
        ]
        indexes = [models.Index(fields=["metal", "folded"])]

    def __str__(self) -> str:
        return self.name


class SmelterNameDecision(models.Model):
    """A reviewer's decision on a reported (metal, name) that matching could not settle:
    this smelter (a learned alias, reused for every later file) or none (not a smelter
    on the list). Unique per metal and folded name."""

    metal = models.CharField(_("metal"), max_length=10, choices=METAL_CHOICES)
    name = models.CharField(_("reported name"), max_length=255)
    folded = models.CharField(max_length=255)
    smelter = models.ForeignKey(
        ReferenceSmelter,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="learned_names",
        verbose_name=_("smelter"),
    )
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now=True)

    class Meta:
        verbose_name = _("smelter name decision")
        verbose_name_plural = _("smelter name decisions")
        constraints = [
            models.UniqueConstraint(fields=["metal", "folded"], name="cmrt_decision_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.metal} {self.name} -> {self.smelter_id or '-'}"


class RmapSnapshot(models.Model):
    """One RMAP status list as of a date. "Status on day D" reads the latest snapshot whose
    ``as_of`` is on or before D."""

    source_import = models.OneToOneField(
        ReferenceImport, on_delete=models.PROTECT, related_name="snapshot"
    )
    as_of = models.DateField(_("as of"), db_index=True)
    label = models.CharField(_("label"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-as_of", "-created_at"]
        verbose_name = _("RMAP snapshot")
        verbose_name_plural = _("RMAP snapshots")

    def __str__(self) -> str:
        return f"RMAP {self.as_of:%Y-%m-%d} {self.label}".strip()


class RmapStatus(models.Model):
    """A smelter's RMAP status in one snapshot, as the source says it and canonically."""

    class Canonical(models.TextChoices):
        CONFORMANT = "conformant", _("conformant")
        ACTIVE = "active", _("active")
        NOT_CONFORMANT = "not_conformant", _("not conformant")
        UNKNOWN = "unknown", _("unknown")

    snapshot = models.ForeignKey(RmapSnapshot, on_delete=models.CASCADE, related_name="statuses")
    cid = models.CharField(_("smelter ID"), max_length=20)
    smelter = models.ForeignKey(
        ReferenceSmelter, on_delete=models.SET_NULL, null=True, blank=True, related_name="statuses"
    )
    metal = models.CharField(_("metal"), max_length=10, choices=METAL_CHOICES, blank=True)
    name = models.CharField(_("name in the list"), max_length=255, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    status_raw = models.CharField(_("status as listed"), max_length=120)
    status = models.CharField(_("status"), max_length=20, choices=Canonical.choices)
    last_audit_date = models.DateField(_("last audit"), null=True, blank=True)
    audit_cycle = models.CharField(_("audit cycle"), max_length=120, blank=True)
    cross_recognition = models.CharField(_("cross-recognition"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("RMAP status")
        verbose_name_plural = _("RMAP statuses")
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "cid"], name="cmrt_status_unique_cid")
        ]

    def __str__(self) -> str:
        return f"{self.cid}: {self.status_raw}"
