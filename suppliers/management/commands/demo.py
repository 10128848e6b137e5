from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from suppliers.services.demo import demo_load


class Command(BaseCommand):
    help = "Create demo users and demo suppliers (idempotent; all marked as demo data)."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = demo_load(password=settings.DEMO_PASSWORD)
        self.stdout.write(
            f"Demo data: {summary.suppliers_total} demo suppliers "
            f"({summary.suppliers_created} created now)."
        )
        from cmrt.services.demo import demo_cmrt_load
        from suppliers.services.demo_campaign import demo_campaign_load

        smelters = demo_cmrt_load()
        campaign = demo_campaign_load()
        self.stdout.write(
            f"Demo CMRT data: {smelters} reference smelters with an RMAP snapshot; a 2025 "
            f"campaign with {campaign.requests} requests"
            f"{'' if campaign.created else ' (already there)'}."
        )
        self.stdout.write("Demo users (password from DEMO_PASSWORD):")
        for username in summary.users:
            self.stdout.write(f"  {username:<12} / {settings.DEMO_PASSWORD}")
