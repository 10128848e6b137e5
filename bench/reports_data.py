"""Test data for bench/reports.py: one campaign of N suppliers with a checked CMRT 6.5
submission each (60 smelter rows per file), written with bulk_create and COPY. See that
script's docstring for the mix (matched, to review, not recognised, RMAP statuses)."""

from __future__ import annotations

import hashlib
import json
import random
from datetime import date, datetime, timedelta
from typing import Any

METALS = ("Gold", "Tantalum", "Tin", "Tungsten")
COUNTRIES = ("CHINA", "GERMANY", "JAPAN", "PERU", "BRAZIL", "INDONESIA", "UNITED STATES OF AMERICA")
SUPPLIER_COUNTRIES = ("DE", "CN", "JP", "US", "TW", "KR", "MY", "TH", "FR", "IT")
REFERENCE_SMELTERS, POPULAR, ROWS_PER_FILE = 2_000, 600, 60
BATCH = 5_000
# (state, share) of the requests; all of them have a file.
STATES = (
    ("accepted", 0.50),
    ("under_review", 0.20),
    ("submitted", 0.15),
    ("clarification", 0.08),
    ("rejected", 0.07),
)
RMAP = (  # (canonical, as listed, share)
    ("conformant", "Conformant", 0.70),
    ("active", "Active", 0.15),
    ("not_conformant", "Non Conformant", 0.10),
    ("unknown", "In Communication", 0.05),
)


def weighted(rng: random.Random, table: tuple) -> tuple:
    return rng.choices(table, weights=[row[-1] for row in table])[0]


def data_create(suppliers: int, today: date) -> Any:
    from django.db import connection
    from django.utils import timezone

    from cmrt.models import (
        DeclarationRecord,
        ReferenceImport,
        ReferenceSmelter,
        RmapSnapshot,
        RmapStatus,
        SmelterRecord,
        Submission,
    )
    from suppliers.models import Campaign, CampaignRequest, Supplier

    rng = random.Random(2025)
    now = timezone.now()

    # Reference list and RMAP snapshot.
    facility = ReferenceImport.objects.create(
        kind=ReferenceImport.Kind.FACILITY_LIST,
        sha256=hashlib.sha256(b"bench facility list").hexdigest(),
        original_name="bench-facilities.csv",
        file="reference/bench-facilities.csv",
        as_of=today - timedelta(days=60),
    )
    reference = ReferenceSmelter.objects.bulk_create(
        (
            ReferenceSmelter(
                cid=f"CID{n + 1:06d}",
                metal=METALS[n % 4],
                standard_name=(
                    f"{rng.choice(('Golden', 'Eastern', 'Nordic', 'Pacific', 'Andes'))} "
                    f"{rng.choice(('Refining', 'Smelting', 'Metals', 'Materials'))} Works {n:04d}"
                ),
                country=rng.choice(COUNTRIES),
                city="City",
                source="RMI",
                first_import=facility,
                last_import=facility,
            )
            for n in range(REFERENCE_SMELTERS)
        ),
        batch_size=BATCH,
    )
    status_import = ReferenceImport.objects.create(
        kind=ReferenceImport.Kind.STATUS_LIST,
        sha256=hashlib.sha256(b"bench status list").hexdigest(),
        original_name="bench-rmap.csv",
        file="reference/bench-rmap.csv",
        as_of=today - timedelta(days=30),
    )
    snapshot = RmapSnapshot.objects.create(
        source_import=status_import, as_of=today - timedelta(days=30), label="bench"
    )
    statuses = []
    for smelter in reference:
        if rng.random() < 0.9:
            canonical, raw, _share = weighted(rng, RMAP)
            statuses.append(
                RmapStatus(
                    snapshot=snapshot,
                    cid=smelter.cid,
                    smelter=smelter,
                    metal=smelter.metal,
                    name=smelter.standard_name,
                    country=smelter.country,
                    status_raw=raw,
                    status=canonical,
                    last_audit_date=(
                        today - timedelta(days=rng.randint(30, 900))
                        if canonical == "conformant"
                        else None
                    ),
                )
            )
    RmapStatus.objects.bulk_create(statuses, batch_size=BATCH)

    # Suppliers, the campaign, its requests.
    supplier_rows = Supplier.objects.bulk_create(
        (
            Supplier(name=f"Bench Supplier {n:05d}", country=rng.choice(SUPPLIER_COUNTRIES))
            for n in range(suppliers)
        ),
        batch_size=BATCH,
    )
    year = today.year - 1
    due = today - timedelta(days=14)
    campaign = Campaign.objects.create(
        name="Bench campaign",
        reporting_year=year,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        due_date=due,
        rmap_snapshot=snapshot,
        status=Campaign.Status.OPEN,
    )
    Campaign.objects.filter(pk=campaign.pk).update(created_at=now - timedelta(days=90))
    campaign.refresh_from_db()

    def moment(days_ago: float) -> datetime:
        return now - timedelta(days=days_ago)

    requests = []
    for supplier in supplier_rows:
        state = weighted(rng, STATES)[0]
        invited = rng.uniform(75, 85)
        # A tenth came in after the due date (14 days ago), the rest before it.
        submitted = rng.uniform(1, 13) if rng.random() < 0.1 else rng.uniform(15, invited - 1)
        requests.append(
            CampaignRequest(
                campaign=campaign,
                supplier=supplier,
                state=state,
                invited_at=moment(invited),
                opened_at=moment(rng.uniform(submitted, invited)),
                submitted_at=moment(submitted),
                decided_at=moment(submitted - 0.5) if state in ("accepted", "rejected") else None,
                reminders_sent=rng.choice((0, 0, 1, 2)),
            )
        )
    requests = CampaignRequest.objects.bulk_create(requests, batch_size=BATCH)

    # One checked CMRT 6.5 per request, with its declaration.
    submissions = []
    for number, request in enumerate(requests):
        errors = rng.choice((1, 2, 5)) if rng.random() < 0.05 else 0
        submissions.append(
            Submission(
                supplier_id=request.supplier_id,
                request=request,
                file=f"submissions/bench/{number:05d}.xlsx",
                sha256=hashlib.sha256(f"bench {number}".encode()).hexdigest(),
                original_name=f"CMRT 6.5 {request.supplier.name}.xlsx",
                size=rng.randint(300_000, 1_500_000),
                status=Submission.Status.CHECKED,
                stage=Submission.Stage.DONE,
                progress=100,
                attempts=1,
                finished_at=request.submitted_at,
                template_kind="cmrt",
                template_version="6.5",
                template_language="English",
                declared_company=request.supplier.name,
                error_count=errors,
                warning_count=rng.choice((0, 0, 1, 3)),
                smelter_count=ROWS_PER_FILE,
                matched_count=round(ROWS_PER_FILE * 0.88),
            )
        )
    submissions = Submission.objects.bulk_create(submissions, batch_size=BATCH)
    for request, submission in zip(requests, submissions, strict=True):
        request.submission = submission
    CampaignRequest.objects.bulk_update(requests, ["submission"], batch_size=BATCH)

    def answers() -> dict[str, dict[str, dict[str, str]]]:
        result = {}
        for question in range(1, 9):
            by_metal = {}
            for metal in METALS:
                if question == 1:
                    value = "Yes" if rng.random() < 0.7 else "No"
                elif question in (3, 4):  # covered countries, CAHRAs: few Yes
                    value = rng.choices(("No", "Yes", "Unknown"), (0.85, 0.05, 0.10))[0]
                else:
                    value = rng.choice(("Yes", "No", "Unknown"))
                by_metal[metal] = {"value": value, "comment": ""}
            result[f"Q{question}"] = by_metal
        return result

    DeclarationRecord.objects.bulk_create(
        (
            DeclarationRecord(
                submission=submission,
                company_name=submission.declared_company,
                scope="A",
                effective_date=date(year + 1, 1, 15),
                company={"name": submission.declared_company},
                answers=answers(),
                company_answers={"A": {"value": "Yes", "comment": ""}},
            )
            for submission in submissions
        ),
        batch_size=BATCH,
    )

    # 60 smelter rows per file, by COPY.
    popular, rest = reference[:POPULAR], reference[POPULAR:]
    columns = (
        "submission_id", "row", "metal", "lookup_name", "name", "country", "cid", "resolution",
        "reference_id", "match_method", "match_status", "match_score", "match_note", "candidates",
    )  # fmt: skip
    table = SmelterRecord._meta.db_table
    count = 0
    copy_sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
        for submission in submissions:
            picked = rng.sample(popular, 40) + rng.sample(rest, ROWS_PER_FILE - 40)
            rng.shuffle(picked)
            for index, smelter in enumerate(picked):
                row = 5 + index
                kind = rng.random()
                if kind < 0.88:
                    values = (
                        smelter.metal, smelter.standard_name, smelter.standard_name,
                        smelter.country, smelter.cid, "lookup", smelter.pk, "cid",
                        "matched", 1.0, "", "[]",
                    )  # fmt: skip
                elif kind < 0.93:
                    name = smelter.standard_name.upper() + " CO"
                    values = (
                        smelter.metal, "Smelter not listed", name, smelter.country, "",
                        "typed", smelter.pk, "fuzzy", "review", 0.86,
                        "similar name", json.dumps([{"cid": smelter.cid, "score": 0.86}]),
                    )  # fmt: skip
                elif kind < 0.98:
                    values = (
                        smelter.metal, "Smelter not listed", f"Local Foundry {row}-{kind:.4f}",
                        "PERU", "", "typed", None, "none", "unmatched", None, "", "[]",
                    )  # fmt: skip
                else:
                    values = (
                        smelter.metal, "Smelter not yet identified",
                        "Smelter not yet identified", "", "", "not_identified", None,
                        "none", "not_identified", None, "", "[]",
                    )  # fmt: skip
                copy.write_row((submission.pk, row, *values))
                count += 1
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"data: {len(reference)} reference smelters, {len(statuses)} RMAP statuses, "
        f"{len(supplier_rows)} suppliers, {len(requests)} requests, {len(submissions)} "
        f"submissions, {count} smelter rows"
    )
    return campaign
