"""django-import-export resources for the supplier registry (used by the app's import
pages, the export buttons and the admin).

Column names are the field names (``name``, ``duns_number``...). Rows are matched to
existing records by ``id`` when the file has one (as our exports do), otherwise by a
natural key: the supplier name, or the contact's supplier and e-mail.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from import_export import fields, resources, widgets

from suppliers.models import Contact, Supplier, Tag, normalise_duns, normalise_lei

_YES = {"1", "true", "yes", "y", "x", "primary", "active"}
_NO = {"0", "false", "no", "n", "", "inactive"}


class StrictBooleanWidget(widgets.Widget):
    """yes/no, true/false, 1/0, x or blank; anything else is an error, not False."""

    def __init__(self, *, blank: bool = False) -> None:
        super().__init__()
        self.blank = blank

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool:
        text = str(value if value is not None else "").strip().lower()
        if text == "":
            return self.blank
        if text in _YES:
            return True
        if text in _NO:
            return False
        raise ValueError(_("“%(value)s” is not yes or no.") % {"value": value})

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "yes" if value else "no"


class CountryWidget(widgets.Widget):
    """An ISO 3166 code (DE) or an English country name (Germany)."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = str(value or "").strip()
        if not text:
            return ""
        if len(text) == 2 and text.upper() in countries:
            return text.upper()
        code = countries.by_name(text, insensitive=True)
        if code:
            return code
        raise ValueError(
            _("“%(value)s” is not a country; use a code such as DE or a name such as Germany.")
            % {"value": text}
        )

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return str(value or "")


class StatusWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = str(value or "").strip().lower()
        if not text:
            return Supplier.Status.ACTIVE
        for status in Supplier.Status:
            if text in {status.value, str(status.label).lower()}:
                return status.value
        raise ValueError(_("“%(value)s” is not active or inactive.") % {"value": value})


class TagsWidget(widgets.ManyToManyWidget):
    """Tag names separated by commas or semicolons; unknown tags are created."""

    def __init__(self) -> None:
        super().__init__(model=Tag, field="name", separator=",")
        # Tags by lower-case name, loaded once per import (reset in before_import: tags
        # created in a rolled-back dry run must not be reused).
        self.known: dict[str, Tag] | None = None

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> list[Tag]:
        names = [part.strip() for part in str(value or "").replace(";", ",").split(",")]
        if self.known is None:
            self.known = {tag.name.lower(): tag for tag in Tag.objects.all()}
        tags = []
        for name in dict.fromkeys(n for n in names if n):
            if len(name) > 60:
                raise ValueError(_("Tag “%(name)s” is longer than 60 characters.") % {"name": name})
            if name.lower() not in self.known:
                self.known[name.lower()] = Tag.objects.create(name=name)
            tags.append(self.known[name.lower()])
        return tags

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return ", ".join(tag.name for tag in value.all()) if value is not None else ""


class SupplierReferenceWidget(widgets.ForeignKeyWidget):
    """A supplier named by vendor number or by name (case-insensitive)."""

    def __init__(self) -> None:
        super().__init__(model=Supplier, field="name")

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Supplier | None:
        text = str(value or "").strip()
        if not text:
            raise ValueError(_("Name the supplier (its name or vendor number)."))
        supplier = (
            Supplier.objects.filter(vendor_number=text).first()
            or Supplier.objects.filter(name__iexact=text).first()
        )
        if supplier is None:
            raise ValueError(_("No supplier is named or numbered “%(value)s”.") % {"value": text})
        return supplier


class AuditedResource(resources.ModelResource):
    """Records who imported a row, matches by id when given, else by natural key.

    Unique values are checked against maps loaded once per import instead of by
    ``full_clean``'s per-row constraint queries (8 queries a row; 10x slower on a
    thousand-row file). The database constraints still guard the save itself.
    """

    # (attribute, message) for each unique value; unique_key() gives its comparable form.
    unique_checks: tuple[tuple[str, Any], ...] = ()

    def natural_key_lookup(self, row: dict[str, Any]) -> Any:
        raise NotImplementedError

    def unique_key(self, instance: Any, attribute: str) -> Any:
        value = getattr(instance, attribute)
        return value.strip().lower() if isinstance(value, str) else value

    def existing_unique_keys(self, attribute: str) -> dict[Any, int]:
        keys: dict[Any, int] = {}
        for instance in self._meta.model.objects.all():
            key = self.unique_key(instance, attribute)
            if key:
                keys[key] = instance.pk
        return keys

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        self._taken = {attr: self.existing_unique_keys(attr) for attr, _msg in self.unique_checks}

    def validate_instance(
        self, instance: Any, import_validation_errors: Any = None, validate_unique: bool = True
    ) -> None:
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=list(errors), validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for attribute, message in self.unique_checks:
            key = self.unique_key(instance, attribute)
            owner = self._taken[attribute].get(key) if key else None
            if owner is not None and owner != instance.pk and attribute not in errors:
                errors[attribute] = [str(message)]
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance: Any, row: dict[str, Any], **kwargs: Any) -> None:
        for attribute, _message in self.unique_checks:
            key = self.unique_key(instance, attribute)
            if key:
                self._taken[attribute][key] = instance.pk

    def get_instance(self, instance_loader: Any, row: dict[str, Any]) -> Any:
        raw_id = str(row.get("id") or "").strip()
        if raw_id:
            instance = (
                self._meta.model.objects.filter(pk=raw_id).first() if raw_id.isdigit() else None
            )
            if instance is None:
                raise ValidationError(
                    {
                        "id": _("No record has id %(id)s; leave id empty to add a new one.")
                        % {"id": raw_id}
                    }
                )
            return instance
        return self.natural_key_lookup(row)

    def before_save_instance(self, instance: Any, row: dict[str, Any], **kwargs: Any) -> None:
        user = kwargs.get("user")
        if instance.pk is None:
            instance.created_by = user
        instance.updated_by = user


class SupplierResource(AuditedResource):
    unique_checks = (
        ("name", gettext_lazy("A supplier with this name already exists.")),
        ("vendor_number", gettext_lazy("Another supplier has this vendor number.")),
        ("duns_number", gettext_lazy("Another supplier has this DUNS number.")),
        ("lei", gettext_lazy("Another supplier has this LEI.")),
    )
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    status = fields.Field(attribute="status", column_name="status", widget=StatusWidget())
    tags = fields.Field(attribute="tags", column_name="tags", widget=TagsWidget())

    class Meta:
        model = Supplier
        fields = (
            "id",
            "name",
            "country",
            "vendor_number",
            "duns_number",
            "lei",
            "status",
            "tags",
            "notes",
        )
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        # The preview lists actions and errors, not field diffs: skip the HTML rendering.
        skip_html_diff = True

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        super().before_import(dataset, **kwargs)
        self.fields["tags"].widget.known = None

    def natural_key_lookup(self, row: dict[str, Any]) -> Supplier | None:
        name = str(row.get("name") or "").strip()
        return Supplier.objects.filter(name__iexact=name).first() if name else None

    def before_import_row(self, row: dict[str, Any], **kwargs: Any) -> None:
        for key in ("name", "vendor_number", "notes"):
            if key in row and row[key] is not None:
                row[key] = str(row[key]).strip()
        if row.get("duns_number"):
            row["duns_number"] = normalise_duns(row["duns_number"])
        if row.get("lei"):
            row["lei"] = normalise_lei(row["lei"])


class ContactResource(AuditedResource):
    unique_checks = (
        ("email", gettext_lazy("This supplier already has a contact with this email.")),
    )

    def unique_key(self, instance: Any, attribute: str) -> Any:
        # E-mails are unique per supplier, not globally.
        return (instance.supplier_id, instance.email.strip().lower()) if instance.email else None

    supplier = fields.Field(
        attribute="supplier", column_name="supplier", widget=SupplierReferenceWidget()
    )
    is_primary = fields.Field(
        attribute="is_primary", column_name="is_primary", widget=StrictBooleanWidget(blank=False)
    )
    is_active = fields.Field(
        attribute="is_active", column_name="is_active", widget=StrictBooleanWidget(blank=True)
    )

    class Meta:
        model = Contact
        fields = ("id", "supplier", "name", "email", "phone", "role", "is_primary", "is_active")
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        # The preview lists actions and errors, not field diffs: skip the HTML rendering.
        skip_html_diff = True

    def natural_key_lookup(self, row: dict[str, Any]) -> Contact | None:
        email = str(row.get("email") or "").strip()
        try:
            supplier = SupplierReferenceWidget().clean(row.get("supplier"))
        except ValueError:
            return None  # reported as a field error when the row is imported
        return (
            Contact.objects.filter(supplier=supplier, email__iexact=email).first()
            if email
            else None
        )

    def before_import_row(self, row: dict[str, Any], **kwargs: Any) -> None:
        for key in ("name", "email", "phone", "role"):
            if key in row and row[key] is not None:
                row[key] = str(row[key]).strip()

    def before_save_instance(self, instance: Contact, row: dict[str, Any], **kwargs: Any) -> None:
        super().before_save_instance(instance, row, **kwargs)
        if not instance.is_active:
            instance.is_primary = False
        if instance.is_primary:
            # The file names a new primary contact: the previous one steps down.
            Contact.objects.filter(supplier_id=instance.supplier_id, is_primary=True).exclude(
                pk=instance.pk
            ).update(is_primary=False, updated_by=kwargs.get("user"), updated_at=timezone.now())
