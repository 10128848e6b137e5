from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

duns_validator = RegexValidator(
    r"^\d{9}$", _("A DUNS number has exactly 9 digits, e.g. 150483782."), code="invalid_duns"
)
lei_validator = RegexValidator(
    r"^[A-Z0-9]{18}\d{2}$",
    _("An LEI has 20 characters: 18 letters or digits and 2 check digits."),
    code="invalid_lei",
)
phone_validator = RegexValidator(
    r"^[0-9+()./\- ]{4,40}(?: ?(?:x|ext\.?) ?\d{1,6})?$",
    _("Use digits, spaces and + ( ) - . only, e.g. +49 30 1234567."),
    code="invalid_phone",
)


def normalise_duns(value: object) -> str:
    """DUNS numbers are written 12-345-6789 or 123 456 789; we store the 9 digits."""
    return str(value or "").replace("-", "").replace(" ", "").strip()


def normalise_lei(value: object) -> str:
    return str(value or "").strip().upper()


class Audited(models.Model):
    """Who created and last changed a row, and when."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True


class Tag(models.Model):
    """A label to group suppliers (commodity, business unit, campaign scope...)."""

    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="tag_name_unique_ci",
                violation_error_message=_("A tag with this name already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Supplier(Audited):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")

    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"), blank=True)
    vendor_number = models.CharField(
        _("vendor number"), max_length=40, blank=True, help_text=_("Your ERP supplier number.")
    )
    duns_number = models.CharField(
        _("DUNS number"), max_length=9, blank=True, validators=[duns_validator]
    )
    lei = models.CharField(_("LEI"), max_length=20, blank=True, validators=[lei_validator])
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="suppliers")
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Created by 'manage.py demo'.")
    )

    class Meta:
        ordering = ["name"]
        permissions = [
            ("import_registry", "Can import suppliers and contacts"),
            ("export_registry", "Can export suppliers and contacts"),
            ("invite_supplier_user", "Can invite supplier users to the portal"),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="supplier_name_unique_ci",
                violation_error_message=_("A supplier with this name already exists."),
            ),
            models.UniqueConstraint(
                fields=["vendor_number"],
                condition=~models.Q(vendor_number=""),
                name="supplier_vendor_number_unique",
                violation_error_message=_("Another supplier has this vendor number."),
            ),
            models.UniqueConstraint(
                fields=["duns_number"],
                condition=~models.Q(duns_number=""),
                name="supplier_duns_unique",
                violation_error_message=_("Another supplier has this DUNS number."),
            ),
            models.UniqueConstraint(
                fields=["lei"],
                condition=~models.Q(lei=""),
                name="supplier_lei_unique",
                violation_error_message=_("Another supplier has this LEI."),
            ),
        ]
        indexes = [models.Index(fields=["status", "name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("suppliers:detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class Contact(Audited):
    supplier = models.ForeignKey(
        Supplier, verbose_name=_("supplier"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=60, blank=True, validators=[phone_validator])
    role = models.CharField(
        _("role"), max_length=100, blank=True, help_text=_("e.g. Sales, Quality, Compliance.")
    )
    is_primary = models.BooleanField(
        _("primary contact"), default=False, help_text=_("Receives campaign requests first.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-is_primary", "name"]
        constraints = [
            models.UniqueConstraint(
                "supplier",
                Lower("email"),
                name="contact_email_unique_per_supplier",
                violation_error_message=_("This supplier already has a contact with this email."),
            ),
            models.UniqueConstraint(
                fields=["supplier"],
                condition=models.Q(is_primary=True),
                name="contact_one_primary_per_supplier",
                violation_error_message=_("This supplier already has a primary contact."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def portal_membership(self) -> SupplierMembership | None:
        """This contact's portal account, if invited (uses prefetched memberships)."""
        return next(iter(self.memberships.all()), None)


class SupplierMembership(models.Model):
    """Makes a user a *supplier user* of exactly one supplier organisation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supplier_membership"
    )
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="memberships")
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="memberships"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user} @ {self.supplier}"


class SupplierAlias(models.Model):
    """Another name a supplier signs its CMRTs with (a subsidiary, a former name). Bulk
    imports assign files by the declared company name; assigning a file by hand records
    the name here, so the next file with it is assigned without asking."""

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("supplier")
    )
    name = models.CharField(_("name"), max_length=255)
    folded = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("supplier alias")
        verbose_name_plural = _("supplier aliases")

    def __str__(self) -> str:
        return self.name
