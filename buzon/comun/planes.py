"""Query plans the planner would get wrong on stale statistics.

A table that fills by the thousand between two autovacuum ANALYZEs (the outbox, the avisos
dispatched and not yet sealed) often has statistics that say a few dozen rows match: the planner
then prefers a bitmap scan plus a sort of every matching row under a `LIMIT 100`, instead of
walking the index that already gives the order (150,000 due messages: 80 ms and a 7 MB external
sort per pass, against 0.1 ms).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def en_orden_del_indice() -> Iterator[None]:
    """PostgreSQL: plan the statements run inside without a sort step (`set_config('enable_sort',
    'off', true)`, local to the caller's transaction), then put the previous value back, so nothing
    else in the transaction is planned that way. Where an index gives the order it is the only plan
    left; where none does, the sort still happens (the setting only makes it look expensive). On an
    error the transaction (or its savepoint) is rolled back, and the setting with it. Elsewhere,
    nothing."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_sort'), set_config('enable_sort', 'off', true)"
        )
        (previo, _) = cursor.fetchone()
    yield
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('enable_sort', %s, true)", [previo])
