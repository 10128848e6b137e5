"""Celery tasks of the suppliers app (autodiscovered here): thin, they call one service."""

from __future__ import annotations

from dataclasses import asdict

from celery import shared_task


@shared_task(name="suppliers.campaign_reminders", ignore_result=True)
def campaign_reminders() -> dict[str, int]:
    """Daily (Celery beat): send the campaign reminders due today. Safe to run twice a day:
    a request gets at most one reminder a day. The counts are returned for the worker log."""
    from suppliers.services.campaign_reminders import reminders_send

    return asdict(reminders_send())
