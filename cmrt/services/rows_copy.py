"""Insert many rows of one model fast: PostgreSQL's COPY, or ``bulk_create`` elsewhere.

Saving a submission's smelter rows through ``bulk_create`` cost more than reading the file:
a model instance per row, every value prepared field by field, and psycopg quoting each of
~2,000 parameters into the SQL text (Django binds on the client). COPY streams the tuples
as they are (psycopg's C dumpers) in one statement. It inserts exactly what is given: no
defaults, no ``pre_save`` (``auto_now``), no signals and no ids back, so it is for plain
rows that are built complete, like a submission's derived rows. Inside ``atomic()`` it is
part of the transaction like any other statement.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import connections
from django.db.models import JSONField, Model

# The ORM fallback's rows per INSERT (SQLite lowers it further to its parameter limit).
BATCH_SIZE = 500


def rows_insert(
    model: type[Model],
    fields: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    using: str = "default",
) -> int:
    """Insert ``rows`` (tuples of Python values in ``fields`` order; field names or
    attnames such as ``submission_id``; JSON columns as Python objects). Returns the count."""
    if not rows:
        return 0
    connection = connections[using]
    if connection.vendor == "postgresql":
        _copy(connection, model, fields, rows)
    else:
        model._default_manager.using(using).bulk_create(
            [model(**dict(zip(fields, row, strict=True))) for row in rows],
            batch_size=BATCH_SIZE,
        )
    return len(rows)


def _copy(connection: Any, model: type[Model], fields: Sequence[str], rows: Any) -> None:
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    statement = (
        f"COPY {quote(meta.db_table)} ({', '.join(quote(column.column) for column in columns)})"
        " FROM STDIN"
    )
    # Text COPY: jsonb takes its input text, so JSON goes as the text Django would send.
    encoded = [
        (position, column.encoder)
        for position, column in enumerate(columns)
        if isinstance(column, JSONField)
    ]
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            if encoded:
                row = list(row)
                for position, encoder in encoded:
                    if row[position] is not None:
                        row[position] = json.dumps(row[position], cls=encoder)
            copy.write_row(row)


def commit_without_waiting(*, using: str = "default") -> None:
    """Inside ``atomic()``: let this transaction's commit return before its WAL reaches the
    disk (PostgreSQL's ``synchronous_commit = off``, for this transaction only).

    For work the app can always redo, never for what it could not: a submission's derived
    rows (and its claim) are rebuilt from the stored original, so if the database crashed
    in the fraction of a second before the flush, the file is simply back to queued or
    processing and ``cmrt.resume_stalled`` sends it again. Saves a disk flush (~6 ms) per
    file. The upload itself is stored with an ordinary, waiting commit. Elsewhere a no-op."""
    connection = connections[using]
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
