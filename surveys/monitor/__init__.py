"""The employee monitor: anonymous campaigns, safe aggregates, dashboards and action plans.

A subpackage of `surveys` because it shares the instrument engine with the self-test,
while its anonymity rules (unlinkable responses, batched moves) are its own.
"""
