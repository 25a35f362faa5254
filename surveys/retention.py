from core.retention import retention_rule

from .services import retake_reminders_delete_stale, statistics_delete_older_than


@retention_rule("surveys.selftest_statistics")
def delete_old_selftest_statistics(now) -> int:
    return statistics_delete_older_than(now=now)


@retention_rule("surveys.retake_reminders")
def delete_stale_retake_reminders(now) -> int:
    return retake_reminders_delete_stale(now=now)
