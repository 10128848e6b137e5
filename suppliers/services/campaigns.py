"""Write side of campaigns: saving a campaign, putting suppliers in scope, and moving
requests through their states (``suppliers/campaign_states.py`` is the rule).

Every change of state runs in one transaction on the locked request row and records a
``RequestEvent`` with who and when, so the history is never out of step with the state.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from suppliers.campaign_states import RequestState, allowed_next, can_move, reopen_target
from suppliers.models import Campaign, CampaignRequest, RequestEvent, Supplier
from suppliers.services.transfer import normalise_header
from suppliers.tabular import TableError, table_read

State = CampaignRequest.State
AnyUser = AbstractBaseUser | None


# CAMPAIGNS ----------------------------------------------------------------------------


def campaign_save(campaign: Campaign, by: AnyUser) -> Campaign:
    """Create or update a campaign (filled in by a form), after full validation."""
    if campaign.pk is None:
        campaign.created_by = by
    campaign.updated_by = by
    campaign.full_clean()
    campaign.save()
    return campaign


def _requests_create(
    campaign: Campaign, suppliers: Iterable[Supplier], by: AnyUser, products: dict[int, str]
) -> int:
    """NOT_SENT requests for the suppliers not yet in the campaign; each gets a first
    event so the history shows who put the supplier in scope."""
    existing = set(campaign.requests.values_list("supplier_id", flat=True))
    new = [
        CampaignRequest(
            campaign=campaign, supplier=supplier, requested_products=products.get(supplier.pk, "")
        )
        for supplier in {s.pk: s for s in suppliers}.values()
        if supplier.pk not in existing
    ]
    with transaction.atomic():
        created = CampaignRequest.objects.bulk_create(new)
        # bulk_create sets primary keys on SQLite and PostgreSQL, which the events need.
        RequestEvent.objects.bulk_create(
            RequestEvent(
                request=request,
                by=by,
                kind=RequestEvent.Kind.STATE,
                to_state=State.NOT_SENT,
                note=_("Added to the campaign."),
            )
            for request in created
        )
    return len(created)


def campaign_suppliers_add(
    campaign: Campaign,
    *,
    supplier_ids: Iterable[int] = (),
    tag_ids: Iterable[int] = (),
    by: AnyUser,
) -> int:
    """Put active suppliers in scope: those named and those with any of the tags.
    Suppliers already in the campaign and inactive ones are skipped. Returns how many
    requests were created."""
    supplier_ids, tag_ids = list(supplier_ids), list(tag_ids)
    if not supplier_ids and not tag_ids:
        return 0
    suppliers = Supplier.objects.filter(status=Supplier.Status.ACTIVE).filter(
        Q(pk__in=supplier_ids) | Q(tags__in=tag_ids)
    )
    return _requests_create(campaign, suppliers.distinct(), by, {})


@dataclass(frozen=True)
class ImportProblem:
    row: int  # spreadsheet row (the header is row 1)
    message: str

    def __str__(self) -> str:
        return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}


@dataclass(frozen=True)
class ImportOutcome:
    """What an import of a supplier list did. All or nothing: when ``problems`` or
    ``error`` is set, ``added`` is 0."""

    added: int = 0
    already: int = 0
    inactive: tuple[str, ...] = ()
    problems: tuple[ImportProblem, ...] = ()
    error: str = ""
    filename: str = ""
    columns: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.error and not self.problems


_NAME_COLUMNS = ("supplier", "name")
_PRODUCT_COLUMNS = ("products", "requested_products", "product_numbers", "product_number")


def _products_text(value: str) -> str:
    # People separate product numbers with semicolons, commas or line breaks.
    parts = [p.strip() for p in value.replace(";", "\n").replace(",", "\n").splitlines()]
    return "\n".join(p for p in parts if p)


def campaign_suppliers_import(
    campaign: Campaign, content: bytes, filename: str, by: AnyUser
) -> ImportOutcome:
    """Put the suppliers of an uploaded list (CSV or XLSX, header in row 1) in scope.

    A row names a supplier in a ``supplier`` or ``name`` column (name, or vendor number)
    or a ``vendor_number`` column; an optional ``products`` column holds the requested
    product numbers (product-level campaigns). Nothing is added unless every row names a
    known supplier; inactive suppliers and those already in scope are skipped."""
    try:
        table = table_read(content, max_rows=settings.IMPORT_MAX_ROWS)
    except TableError as exc:
        return ImportOutcome(error=str(exc), filename=filename)
    headers = [normalise_header(h) for h in table.headers]
    name_col = next((headers.index(c) for c in _NAME_COLUMNS if c in headers), None)
    vendor_col = headers.index("vendor_number") if "vendor_number" in headers else None
    product_col = next((headers.index(c) for c in _PRODUCT_COLUMNS if c in headers), None)
    if name_col is None and vendor_col is None:
        return ImportOutcome(
            error=_("The file needs a column “supplier”, “name” or “vendor_number” in row 1."),
            filename=filename,
        )
    by_name = {s.name.casefold(): s for s in Supplier.objects.all()}
    by_vendor = {s.vendor_number.casefold(): s for s in Supplier.objects.exclude(vendor_number="")}
    found: dict[int, Supplier] = {}
    products: dict[int, str] = {}
    problems: list[ImportProblem] = []
    for number, cells in enumerate(table.rows, start=table.first_data_row_number()):
        vendor = cells[vendor_col].strip() if vendor_col is not None else ""
        name = cells[name_col].strip() if name_col is not None else ""
        if not vendor and not name:
            continue  # blank rows in the middle of a list are harmless
        supplier = by_vendor.get(vendor.casefold()) if vendor else None
        if supplier is None and name:
            supplier = by_name.get(name.casefold()) or by_vendor.get(name.casefold())
        if supplier is None:
            problems.append(
                ImportProblem(
                    number,
                    _("no supplier has the name or vendor number “%(value)s”.")
                    % {"value": vendor or name},
                )
            )
            continue
        found[supplier.pk] = supplier
        if product_col is not None and cells[product_col].strip():
            products[supplier.pk] = _products_text(cells[product_col])
    if problems:
        return ImportOutcome(problems=tuple(problems), filename=filename)
    inactive = tuple(sorted(s.name for s in found.values() if not s.is_active))
    active = [s for s in found.values() if s.is_active]
    added = _requests_create(campaign, active, by, products)
    return ImportOutcome(
        added=added, already=len(active) - added, inactive=inactive, filename=filename
    )


# REQUESTS -----------------------------------------------------------------------------


def _label(state: str) -> str:
    try:
        return str(State(state).label)
    except ValueError:
        return state


def transition_error(from_state: str, to_state: str) -> str:
    """The message for a move the table does not allow."""
    allowed = sorted(allowed_next(from_state), key=list(RequestState).index)
    return _(
        "A request that is “%(current)s” cannot become “%(target)s”. From here it can become: "
        "%(allowed)s."
    ) % {
        "current": _label(from_state),
        "target": _label(to_state),
        "allowed": ", ".join(f"“{_label(s)}”" for s in allowed) or _("nothing"),
    }


def _stamp(request: CampaignRequest, to_state: str) -> None:
    now = timezone.now()
    if to_state == State.INVITED and request.invited_at is None:
        request.invited_at = now
    elif to_state == State.OPENED and request.opened_at is None:
        request.opened_at = now
    elif to_state == State.SUBMITTED:
        request.submitted_at = now  # the latest file's arrival
    if to_state in (State.ACCEPTED, State.REJECTED, State.DECLINED):
        request.decided_at = now
    elif to_state in (State.UNDER_REVIEW, State.INVITED, State.NOT_SENT):
        request.decided_at = None  # reopened: no decision stands


def _move(
    current: CampaignRequest,
    to_state: str,
    *,
    by: AnyUser,
    note: str,
    kind: str = RequestEvent.Kind.STATE,
) -> None:
    """Change the state of a request already locked by the caller, and record it."""
    if not can_move(current.state, to_state):
        raise ValueError(transition_error(current.state, to_state))
    from_state = current.state
    _stamp(current, to_state)
    current.state = to_state
    current.save()
    RequestEvent.objects.create(
        request=current,
        by=by if by is not None and by.is_authenticated else None,
        kind=kind,
        from_state=from_state,
        to_state=to_state,
        note=note,
    )


def _locked(request: CampaignRequest) -> CampaignRequest:
    return CampaignRequest.objects.select_for_update().get(pk=request.pk)


def _copy_back(target: CampaignRequest, source: CampaignRequest) -> CampaignRequest:
    # Callers keep using the instance they passed; make it tell the truth.
    if target is not source:
        target.refresh_from_db()
    return target


def request_transition(
    request: CampaignRequest,
    to_state: str,
    *,
    by: AnyUser,
    note: str = "",
    kind: str = RequestEvent.Kind.STATE,
    **fields: str,
) -> CampaignRequest:
    """Move ``request`` to ``to_state`` if the table allows it (else ValueError with a
    message for people), stamping the matching ``*_at`` field and recording an event.
    ``kind`` lets the invitation mail record its event as an invitation; ``fields`` sets
    reason fields in the same save."""
    with transaction.atomic():
        current = _locked(request)
        for name, value in fields.items():
            setattr(current, name, value)
        _move(current, to_state, by=by, note=note, kind=kind)
    return _copy_back(request, current)


def _required(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValueError(message)
    return reason


def request_decline(request: CampaignRequest, reason: str, by: AnyUser) -> CampaignRequest:
    """The supplier will not send a CMRT (e.g. "no 3TG in what we sell you")."""
    reason = _required(reason, _("Say why the supplier declines."))
    return request_transition(request, State.DECLINED, by=by, note=reason, decline_reason=reason)


def request_accept(request: CampaignRequest, reason: str, by: AnyUser) -> CampaignRequest:
    reason = (reason or "").strip()
    return request_transition(request, State.ACCEPTED, by=by, note=reason, decision_reason=reason)


def request_reject(request: CampaignRequest, reason: str, by: AnyUser) -> CampaignRequest:
    """Needs correction: the supplier must send a corrected file."""
    reason = _required(reason, _("Say what the supplier must correct."))
    return request_transition(request, State.REJECTED, by=by, note=reason, decision_reason=reason)


def request_reopen(request: CampaignRequest, by: AnyUser, note: str = "") -> CampaignRequest:
    """Take back a decision: accepted or needs correction go back to review; declined
    goes back to review if a file came, else to waiting for the supplier."""
    with transaction.atomic():
        current = _locked(request)
        target = reopen_target(
            current.state,
            has_submission=current.submission_id is not None or current.submissions.exists(),
            was_invited=current.invited_at is not None,
        )
        if target is None:
            raise ValueError(
                _("Only an accepted, declined or needs-correction request can be reopened.")
            )
        _move(current, target, by=by, note=note.strip())
    return _copy_back(request, current)


def request_note(request: CampaignRequest, note: str, by: AnyUser) -> RequestEvent:
    note = _required(note, _("Write the note first."))
    return RequestEvent.objects.create(
        request=request,
        by=by if by is not None and by.is_authenticated else None,
        kind=RequestEvent.Kind.NOTE,
        note=note,
    )


def request_submission_received(
    request: CampaignRequest, submission: object, by: AnyUser
) -> CampaignRequest:
    """A file for this request was uploaded: it becomes the latest submission and the
    request is submitted. Nothing happens if the file was already taken into account
    (a fast worker may have checked it before the upload page calls this)."""
    submission_id = submission.pk  # type: ignore[attr-defined]
    with transaction.atomic():
        current = _locked(request)
        if current.submission_id == submission_id:
            return _copy_back(request, current)
        current.submission_id = submission_id
        if current.state == State.SUBMITTED:
            current.submitted_at = timezone.now()
            current.save()
            RequestEvent.objects.create(
                request=current,
                by=by if by is not None and by.is_authenticated else None,
                kind=RequestEvent.Kind.NOTE,
                note=_("Another file was uploaded."),
            )
        else:
            _move(current, State.SUBMITTED, by=by, note="")
    return _copy_back(request, current)


def request_submission_checked(submission_id: int) -> CampaignRequest | None:
    """Called by ingestion when a submission with a request has been read.

    The submission becomes the request's latest, the request is submitted (if it was not
    yet) and then under review; a file that could not be read leaves it "needs
    correction" with the reader's message. Events are recorded as the uploader. A file
    older than the request's latest, a decided request, and a second run over the same
    file change nothing."""
    from cmrt.models import Submission

    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is None or submission.request_id is None or not submission.is_finished:
        return None
    by = submission.uploaded_by
    with transaction.atomic():
        current = CampaignRequest.objects.select_for_update().get(pk=submission.request_id)
        latest = current.submission
        if (
            latest is not None
            and latest.pk != submission.pk
            and (latest.uploaded_at, latest.pk) > (submission.uploaded_at, submission.pk)
        ):
            return current  # a newer file is on its way; this one is history
        already = latest is not None and latest.pk == submission.pk
        if already and current.state != State.SUBMITTED:
            return current  # the outcome of this file is recorded already
        if current.state in (State.ACCEPTED, State.DECLINED):
            return current  # decided: a late file does not undo it (reopen first)
        current.submission = submission
        if current.state != State.SUBMITTED:
            _move(current, State.SUBMITTED, by=by, note="")
        current.submitted_at = submission.uploaded_at  # saved by the next move
        if submission.status == Submission.Status.CHECKED:
            _move(current, State.UNDER_REVIEW, by=by, note="")
        else:
            message = submission.message or _("The file could not be read.")
            current.decision_reason = message
            _move(current, State.REJECTED, by=by, note=message)
    return current
