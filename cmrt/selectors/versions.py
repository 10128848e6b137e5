"""Cheap change stamps of whole tables, in one query, for caches kept per process.

A worker keeps data it needs for every file (the reference index, the supplier directory)
and asks the database once per file whether it changed: ``COUNT(*)`` and the ``MAX`` of a
few columns per table. An insert or a delete changes the count or the highest id; an edit
must move a timestamp column (``auto_now``), or be written as a delete and an insert.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import Model

Stamped = tuple[type[Model], tuple[str, ...]]  # a model and the fields whose MAX is taken


def table_stamps(*tables: Stamped) -> tuple[object, ...]:
    """(count, max of each named field, ...) for each (model, fields), in one query.

    Values are compared, never interpreted (SQLite returns timestamps as text)."""
    quote = connection.ops.quote_name
    parts = []
    for number, (model, fields) in enumerate(tables):
        columns = [f"MAX({quote(model._meta.get_field(name).column)})" for name in fields]
        parts.append(
            f"(SELECT {', '.join(['COUNT(*)', *columns])} FROM {quote(model._meta.db_table)})"
            f" AS stamp{number}"
        )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {', '.join(parts)}")
        return tuple(cursor.fetchone())


def stamps_grouped(*groups: Sequence[Stamped]) -> tuple[tuple[object, ...], ...]:
    """``table_stamps`` of each group, all in one query (one round trip for several caches)."""
    values = table_stamps(*(table for group in groups for table in group))
    grouped, start = [], 0
    for group in groups:
        width = sum(1 + len(fields) for _model, fields in group)
        grouped.append(values[start : start + width])
        start += width
    return tuple(grouped)
