"""Report task: one build id in, ``reports.services_builds`` does the work."""

from __future__ import annotations

from celery import shared_task
from celery.exceptions import Retry
from django.utils.translation import gettext as _

from config.tasks import TRANSIENT, retry_transient

MAX_RETRIES = 5


@shared_task(
    name="reports.build_documents",
    bind=True,
    acks_late=True,  # a worker killed mid-build leaves the message to be delivered again
    reject_on_worker_lost=True,
    ignore_result=True,
    max_retries=MAX_RETRIES,
)
def build_report_documents(self, build_id: int) -> None:  # type: ignore[no-untyped-def]
    from reports.services_builds import STALE_CLAIM, build_busy, build_fail, build_run

    try:
        done = build_run(build_id)
        if done is None and build_busy(build_id):
            # Another worker holds it; if it died, this delivery finishes once its claim
            # is stale.
            raise self.retry(countdown=STALE_CLAIM.total_seconds() + 1)
    except Retry:
        raise
    except TRANSIENT as exc:
        retry_transient(
            self,
            exc,
            lambda error: build_fail(
                build_id,
                _(
                    "The documents could not be built because of a technical fault "
                    "(%(error)s). Build them again."
                )
                % {"error": error},
            ),
        )
    except Exception as exc:
        # A bug in a renderer must not leave the page polling for ever.
        build_fail(
            build_id,
            _("The documents could not be built (%(error)s). Tell your administrator.")
            % {"error": type(exc).__name__},
        )
        raise
