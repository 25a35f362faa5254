"""What the monitor's services share about storage: vacuum after deletes, counts per column."""

from django.db import connection
from django.db.models import Count


def vacuum(*models) -> None:
    """Reclaim deleted and updated row versions on PostgreSQL, so old versions (a user's
    draft, a held row's transaction id, a response's finer unit) do not linger on disk, and
    refresh the planner's statistics (ANALYZE) after the close's bulk writes, so the first
    dashboards read the new results with good plans. VACUUM cannot run inside a transaction,
    so it is skipped when the caller holds one (tests that wrap each test in a transaction)."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            for model in models:
                cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")


def count_by(queryset, field: str):
    """(value, number of rows) per value of `field`."""
    return queryset.values_list(field).annotate(n=Count("pk")).values_list(field, "n").order_by()
