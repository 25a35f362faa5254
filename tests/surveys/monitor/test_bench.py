import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_benchmark_runs_end_to_end_and_ends_with_the_key_value_line():
    out = io.StringIO()
    call_command("bench_monitor", employees=400, repeat=2, stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    figures = dict(part.split("=") for part in last.split())
    assert {"close_s", "dashboard_median_ms", "sql_ms"} <= set(figures)
    assert int(figures["employees"]) == 400 and int(figures["responses"]) == 240
