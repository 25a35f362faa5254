"""The load test's figures against its targets, from the summary the locustfile writes.

    python loadtests/report.py var/loadtest/summary.json [--users 50] [--workers 3]

Prints one row per journey (requests, failures, requests/s, median and 95th percentile in ms),
the page throughput (every journey's requests together) while the people read between journeys,
the pages' capacity (the same people without pauses, the run's last phase), `/healthz`'s
throughput in the same run as the ceiling, the ratio of capacity to ceiling, and whether the
targets are met:

- every journey's pages under `P95_TARGET_MS` at the 95th percentile, but for the logins: their
  POST checks the password with Django's PBKDF2 (1,000,000 iterations, about a third of a second
  of CPU by design), so they are shown and judged apart, never made cheaper for a figure;
- page throughput at least `RATIO_TARGET` of the ceiling's: the pages' capacity, which is what
  the server can give, is compared (with people who read, the pages are asked for only as fast
  as fifty people read, whatever the server could do);
- no journey failed.

Ends with one `key=value` line, like the project's benchmarks; exits 1 when a target is missed.
"""

import argparse
import json
import sys

P95_TARGET_MS = 150
RATIO_TARGET = 1 / 3
CEILING = "healthz"
LOGIN_SUFFIX = "log in"
CAPACITY_PREFIX = "capacity: "  # the locustfile's names in the last phase


def evaluate(summary: dict) -> dict:
    """The figures and the verdicts, from the summary's journeys."""
    journeys = summary["journeys"]
    pages = {name: row for name, row in journeys.items() if name != CEILING and not name.startswith(CAPACITY_PREFIX)}
    capacity = {name: row for name, row in journeys.items() if name.startswith(CAPACITY_PREFIX)}
    ceiling = journeys.get(CEILING, {"rps": 0.0, "requests": 0, "failures": 0, "p50": 0, "p95": 0})
    page_rps = sum(row["rps"] for row in pages.values())
    capacity_rps = summary.get("capacity_rps", sum(row["rps"] for row in capacity.values()))
    ratio = capacity_rps / ceiling["rps"] if ceiling["rps"] else 0.0
    slow = sorted(
        name
        for name, row in pages.items()
        if row["requests"] and row["p95"] >= P95_TARGET_MS and not name.endswith(LOGIN_SUFFIX)
    )
    failed = sorted(name for name, row in journeys.items() if row["failures"])
    return {
        "pages": pages,
        "capacity": capacity,
        "ceiling": ceiling,
        "page_rps": page_rps,
        "capacity_rps": capacity_rps,
        "ratio": ratio,
        "slow": slow,
        "failed": failed,
        "p95_ok": not slow,
        "ratio_ok": ratio >= RATIO_TARGET,
        "passed": not slow and ratio >= RATIO_TARGET and not failed,
    }


def render(result: dict, *, users: int, workers: str, loadavg_before: str, loadavg_after: str) -> str:
    lines = [
        f"Load test: {users} users, gunicorn workers {workers}; "
        f"load average before {loadavg_before or '?'}, after {loadavg_after or '?'}",
        "",
        f"| {'journey':<28} | {'requests':>8} | {'failed':>6} | {'req/s':>7} | {'p50 ms':>6} | {'p95 ms':>6} |",
        f"| {'-' * 28} | {'-' * 8} | {'-' * 6} | {'-' * 7} | {'-' * 6} | {'-' * 6} |",
    ]

    def row(name, r):
        return (
            f"| {name:<28} | {r['requests']:>8} | {r['failures']:>6} | {r['rps']:>7.1f} "
            f"| {r['p50']:>6.0f} | {r['p95']:>6.0f} |"
        )

    lines += [row(name, r) for name, r in result["pages"].items()]
    lines += [row(name, r) for name, r in result["capacity"].items()]
    lines.append(row("/healthz (ceiling)", result["ceiling"]))
    lines += [
        "",
        f"page throughput {result['page_rps']:.1f} req/s with the people reading between journeys",
        f"capacity (the same people without pauses) {result['capacity_rps']:.1f} req/s; "
        f"ceiling (/healthz) {result['ceiling']['rps']:.1f} req/s; "
        f"ratio {result['ratio']:.2f} (target at least {RATIO_TARGET:.2f}): "
        + ("met" if result["ratio_ok"] else "MISSED"),
        f"95th percentile under {P95_TARGET_MS} ms on every journey but the logins: "
        + ("met" if result["p95_ok"] else "MISSED on " + ", ".join(result["slow"])),
        "(the logins' POST hashes the password on purpose: PBKDF2, about 0.3 s of CPU each)",
        "failed journeys: " + (", ".join(result["failed"]) or "none"),
        f"result={'pass' if result['passed'] else 'fail'} page_rps={result['page_rps']:.1f} "
        f"capacity_rps={result['capacity_rps']:.1f} "
        f"ceiling_rps={result['ceiling']['rps']:.1f} ratio={result['ratio']:.2f} "
        f"worst_p95_ms={max((r['p95'] for r in result['pages'].values()), default=0):.0f} "
        f"loadavg={loadavg_after.split(' ')[0] if loadavg_after else '?'}",
    ]
    return "\n".join(lines)


def server_side(log_path: str, top: int = 12) -> str:
    """Per view, from the portal's JSON request log: requests, and the time inside Django (ms),
    median and 95th percentile, the views that took the most time in all first. Queueing for a
    free worker is the difference between these and Locust's figures."""
    times: dict[str, list[float]] = {}
    with open(log_path) as handle:
        for line in handle:
            if '"portal.request"' not in line:
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            key = f"{entry.get('method', '')} {entry.get('view', '')}"
            times.setdefault(key, []).append(float(entry.get("duration_ms", 0)))
    lines = [f"| {'view (inside Django)':<34} | {'requests':>8} | {'total s':>7} | {'p50 ms':>6} | {'p95 ms':>6} |"]
    lines.append(f"| {'-' * 34} | {'-' * 8} | {'-' * 7} | {'-' * 6} | {'-' * 6} |")
    for key, values in sorted(times.items(), key=lambda kv: -sum(kv[1]))[:top]:
        values.sort()
        p50 = values[len(values) // 2]
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        lines.append(f"| {key:<34} | {len(values):>8} | {sum(values) / 1000:>7.1f} | {p50:>6.0f} | {p95:>6.0f} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("summary")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--workers", default="3")
    parser.add_argument("--loadavg-before", default="")
    parser.add_argument("--loadavg-after", default="")
    parser.add_argument("--worker-cpu", default="", help="CPU seconds the gunicorn workers used in the run")
    parser.add_argument("--locust-cpu", default="", help="CPU seconds Locust itself used (the load generator)")
    parser.add_argument("--request-log", default="", help="gunicorn's output: the portal's JSON request log")
    args = parser.parse_args(argv)
    with open(args.summary) as handle:
        summary = json.load(handle)
    result = evaluate(summary)
    print(
        render(
            result,
            users=args.users,
            workers=args.workers,
            loadavg_before=args.loadavg_before,
            loadavg_after=args.loadavg_after,
        )
    )
    requests = sum(r["requests"] for r in summary["journeys"].values())
    try:
        cpu = float(args.worker_cpu)
    except ValueError:
        cpu = None
    if cpu is not None and requests:
        print(
            f"gunicorn workers used {cpu:.1f} s of CPU for {requests} requests (the ceiling's included): "
            f"{cpu * 1000 / requests:.1f} ms a request on average"
        )
    try:
        print(f"Locust itself used {float(args.locust_cpu):.1f} s of CPU on the same cores")
    except ValueError:
        pass
    if args.request_log:
        print("")
        print(server_side(args.request_log))
    for error in summary.get("errors", [])[:10]:
        print(f"error: {error['count']} x {error['method']} {error['name']}: {error['error']}", file=sys.stderr)
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
