"""Beat task: re-send work whose task message was lost (``cmrt.services.resume``)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="cmrt.resume_stalled", ignore_result=True)
def resume_stalled() -> None:
    from cmrt.services.resume import resume_stalled as resume

    resume()
