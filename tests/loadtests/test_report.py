"""The load test's verdicts (loadtests/report.py): which figure is judged against which target."""

from loadtests import report


def _row(requests=100, rps=1.0, p50=30, p95=90, failures=0):
    return {"requests": requests, "failures": failures, "rps": rps, "p50": p50, "p95": p95}


def _summary(**journeys):
    return {"journeys": journeys, "errors": []}


def test_the_ratio_sets_the_pages_capacity_beside_the_ceiling_not_the_pages_asked_for_by_readers():
    summary = _summary(
        healthz=_row(rps=300.0, p95=6),
        **{
            "employee: browse slots": _row(rps=40.0),
            "employee: health square": _row(rps=30.0),
            "capacity: employee: browse slots": _row(rps=70.0, p95=900),
            "capacity: employee: health square": _row(rps=40.0, p95=800),
        },
    )
    result = report.evaluate(summary)
    assert result["page_rps"] == 70.0  # people reading: as fast as they read, whatever the server could do
    assert result["capacity_rps"] == 110.0
    assert round(result["ratio"], 3) == round(110 / 300, 3) and result["ratio_ok"]
    # Without pauses every page waits for a worker: those times are not the journeys' times.
    assert result["p95_ok"] and set(result["pages"]) == {"employee: browse slots", "employee: health square"}
    assert result["passed"]


def test_a_slow_journey_a_failed_one_or_a_small_capacity_fails_the_run_but_a_slow_login_does_not():
    ceiling = _row(rps=1000.0)
    fast = _row(rps=10.0, p95=120)
    assert report.evaluate(_summary(healthz=ceiling, **{"employee: log in": _row(p95=400)}))["slow"] == []
    slow = report.evaluate(_summary(healthz=ceiling, **{"supporter: queue": _row(p95=150)}))
    assert slow["slow"] == ["supporter: queue"] and not slow["passed"]
    failed = report.evaluate(_summary(healthz=ceiling, **{"employee: monitor": _row(p95=50, failures=1)}))
    assert failed["failed"] == ["employee: monitor"] and not failed["passed"]
    small = report.evaluate(
        _summary(healthz=ceiling, **{"employee: monitor": fast, "capacity: employee: monitor": fast})
    )
    assert small["ratio"] == 0.01 and not small["ratio_ok"] and not small["passed"]


def test_the_report_prints_the_capacity_and_one_key_value_line():
    result = report.evaluate(
        _summary(
            healthz=_row(rps=500.0), **{"manager: overview": _row(), "capacity: manager: overview": _row(rps=50.0)}
        )
    )
    text = report.render(result, users=50, workers="3", loadavg_before="0.5", loadavg_after="2.0")
    assert "capacity (the same people without pauses) 50.0 req/s" in text
    assert "ratio 0.10" in text
    assert text.splitlines()[-1].startswith("result=fail page_rps=1.0 capacity_rps=50.0 ceiling_rps=500.0 ratio=0.10")


def test_the_capacity_is_the_last_phases_requests_over_its_seconds_when_the_locustfile_gives_it():
    summary = _summary(healthz=_row(rps=1000.0), **{"capacity: employee: monitor": _row(rps=40.0)})
    summary["capacity_rps"] = 25.0  # every capacity request over the phase, from the locustfile
    result = report.evaluate(summary)
    assert result["capacity_rps"] == 25.0 and result["ratio"] == 0.025
