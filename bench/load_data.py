"""The load bench's data: the demo reference list, one open campaign, the suppliers (each
with a user, a workbook and an invited request) and the compliance users; and the wait for
the workers to check what was uploaded."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import timedelta

from bench.load_client import PASSWORD


@dataclass(frozen=True)
class Seeded:
    campaign_pk: int
    suppliers: list[tuple[str, bytes]]  # (username, workbook)
    compliance: list[str]


def data_create(suppliers: int, compliance: int) -> Seeded:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from cmrt.demo import DEMO_SMELTERS, DemoDeclaration, demo_cmrt
    from cmrt.selectors.reference import rmap_snapshot_on
    from cmrt.services.demo import demo_cmrt_load
    from suppliers.models import Campaign, CampaignRequest, Contact, Supplier, SupplierMembership
    from suppliers.roles import Role
    from suppliers.services.campaigns import campaign_suppliers_add, request_transition
    from suppliers.services.registry import user_set_roles

    User = get_user_model()
    rng = random.Random(7)
    today = timezone.localdate()
    now = timezone.now()
    demo_cmrt_load()  # the demo smelter list and RMAP snapshot: the files' smelters match it
    # One hash for everybody: each PBKDF2 hash costs ~0.4 s, and the sign-ins still check it.
    hashed = make_password(PASSWORD)
    compliance_names = []
    for n in range(compliance):
        user = User.objects.create(
            username=f"load-compliance-{n}", email=f"compliance{n}@load.example.com"
        )
        User.objects.filter(pk=user.pk).update(password=hashed)
        user_set_roles(user, [Role.COMPLIANCE])
        compliance_names.append(user.username)
    owner = User.objects.get(username=compliance_names[0])
    campaign = Campaign.objects.create(
        name="Load campaign",
        reporting_year=today.year - 1,
        period_start=today.replace(year=today.year - 1, month=1, day=1),
        period_end=today.replace(year=today.year - 1, month=12, day=31),
        due_date=today + timedelta(days=30),
        rmap_snapshot=rmap_snapshot_on(today),
        status=Campaign.Status.OPEN,
        created_by=owner,
        updated_by=owner,
    )
    rows = []
    for n in range(suppliers):
        supplier = Supplier.objects.create(name=f"Load Supplier {n:03d}", country="DE")
        contact = Contact.objects.create(
            supplier=supplier, name=f"Contact {n:03d}", email=f"s{n}@load.example.com"
        )
        user = User.objects.create(username=f"load-supplier-{n:03d}", email=contact.email)
        User.objects.filter(pk=user.pk).update(password=hashed)
        user_set_roles(user, [Role.SUPPLIER])
        SupplierMembership.objects.create(
            user=user, supplier=supplier, contact=contact, activated_at=now
        )
        # 3-10 rows of the demo list, some by smelter ID, the others by name only.
        picked = rng.sample(DEMO_SMELTERS, rng.randint(3, 10))
        smelters = tuple((s.cid if rng.random() < 0.6 else "", s.metal, s.name) for s in picked)
        workbook = demo_cmrt(DemoDeclaration(company=supplier.name, smelters=smelters))
        rows.append((supplier.pk, user.username, workbook))
    campaign_suppliers_add(campaign, supplier_ids=[pk for pk, _u, _w in rows], by=owner)
    for request in campaign.requests.all():
        request_transition(request, CampaignRequest.State.INVITED, by=owner, kind="invitation")
    print(
        f"data: {suppliers} suppliers with a user and an invited request, "
        f"{compliance} compliance users, campaign {campaign.pk}"
    )
    return Seeded(
        campaign_pk=campaign.pk,
        suppliers=[(username, workbook) for _pk, username, workbook in rows],
        compliance=compliance_names,
    )


def drain(campaign_pk: int, seconds: float) -> tuple[float, int]:
    """Wait for the workers to finish what is queued: (seconds waited, still pending)."""
    from cmrt.models import Submission

    start = time.monotonic()
    pending = Submission.objects.filter(
        request__campaign_id=campaign_pk,
        status__in=(Submission.Status.QUEUED, Submission.Status.PROCESSING),
    )
    while True:
        left = pending.count()
        if left == 0 or time.monotonic() - start > seconds:
            return time.monotonic() - start, left
        time.sleep(0.5)
