from core.retention import retention_rule

from .services import statistics_delete_older_than


@retention_rule("surveys.selftest_statistics")
def delete_old_selftest_statistics(now) -> int:
    return statistics_delete_older_than(now=now)
