"""Claim a row for a worker in one statement: a conditional UPDATE that returns the row.

Django's ``update()`` returns a count, so a claim used to take the row in a small
transaction and read it again: BEGIN, SET LOCAL, UPDATE, SELECT, COMMIT, five round trips
and two compiled queries, 4-5 ms for every file of a bulk import (as long as matching its
smelters). ``row_claim`` compiles the same UPDATE with the ORM and adds RETURNING
(PostgreSQL, SQLite 3.35+): one round trip, and ``raw()`` builds the instance with the
fields' usual converters. Without RETURNING (an older SQLite) it falls back to the UPDATE
and a SELECT in one transaction.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import connections, transaction
from django.db.models import CharField, Func, Model, Q, Value
from django.db.models.sql import UpdateQuery

M = TypeVar("M", bound=Model)

# PostgreSQL's set_config(name, value, is_local): SET LOCAL as an expression, so that it
# rides in the claim's own statement instead of a round trip of its own.
_UNFLUSHED = Func(
    Value("synchronous_commit"),
    Value("off"),
    Value(True),
    function="set_config",
    output_field=CharField(),
)


def row_claim(
    model: type[M],
    pk: Any,
    condition: Q,
    values: dict[str, Any],
    *,
    unflushed: bool = False,
    using: str = "default",
) -> M | None:
    """Set ``values`` on the row ``pk`` if it meets ``condition``: the row as updated, or
    None when it did not meet it (another worker has it, or it is done).

    ``unflushed``: the claim's commit does not wait for the disk (PostgreSQL, outside a
    transaction: see ``rows_copy.commit_without_waiting``), for claims that a crash may
    lose because the work is simply claimed again."""
    connection = connections[using]
    claimable = model._default_manager.using(using).filter(condition, pk=pk)
    if not connection.features.can_return_columns_from_insert:  # no UPDATE ... RETURNING
        with transaction.atomic(using=using):
            if not claimable.update(**values):
                return None
            return model._default_manager.using(using).get(pk=pk)
    if unflushed and connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Inside a caller's transaction the setting would outlive the claim: not there.
        claimable = claimable.alias(_unflushed=_UNFLUSHED).filter(_unflushed="off")
    query = claimable.query.chain(UpdateQuery)
    query.add_update_values(values)
    query.annotations = {}  # as QuerySet.update(): the filter already holds the expression
    statement, params = query.get_compiler(using).as_sql()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in model._meta.concrete_fields)
    rows = model._default_manager.db_manager(using).raw(f"{statement} RETURNING {columns}", params)
    claimed = list(rows)
    return claimed[0] if claimed else None
