"""What a supplier user does in the portal that changes data: answering a campaign request
with a file."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from cmrt.services.ingestion import Received, submission_receive
from suppliers.models import CampaignRequest
from suppliers.services.campaigns import request_submission_received


def request_file_receive(
    request: CampaignRequest, *, content: bytes, filename: str, by: AbstractBaseUser
) -> Received:
    """Store the file as a submission answering ``request`` and mark the request submitted.

    One transaction: if the request refuses the file, no submission row is left behind,
    and ingestion is only queued once both are saved. Raises what ``submission_receive``
    (UploadRejected) and the state table (ValueError) raise."""
    with transaction.atomic():
        received = submission_receive(
            content=content,
            filename=filename,
            supplier=request.supplier,
            by=by,
            request_id=request.pk,
        )
        if not received.duplicate:
            request_submission_received(request, received.submission, by=by)
    return received
