"""Measure the outbox against a real SMTP server: a local sink (aiosmtpd) on a free port.

Used by `manage.py benchmark_outbox --drain ...`. Worker processes (forked, each with its own
database connection) drain the outbox exactly as the Celery task does (`messages_drain`); the
sink counts every e-mail it receives by its Message-ID, which the outbox derives from the row
(`notifications.email.message_id`), so a duplicate or a missing message shows. Needs
PostgreSQL: SQLite has no SKIP LOCKED and one writer at a time.

Every row and the one person it makes are deleted at the end (rows are committed: the workers
are other processes and must see them).
"""

import datetime as dt
import logging
import multiprocessing
import os
import secrets
import socket
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import connections
from django.test.utils import override_settings
from django.utils import timezone

from .email import message_id
from .models import OutboxMessage
from .services import DispatchResult, message_schedule, messages_drain, messages_schedule_many


class Sink:
    """An SMTP server that keeps, per Message-ID, how often and when it arrived."""

    def __init__(self, port: int):
        self.port = port
        self.counts: Counter = Counter()
        self.arrived: dict[str, float] = {}
        self.lock = threading.Lock()
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        key = BytesHeaderParser().parsebytes(envelope.content)["Message-ID"]
        with self.lock:
            self.counts[key] += 1
            self.arrived.setdefault(key, time.time())
        return "250 OK"

    def received(self) -> int:
        with self.lock:
            return sum(self.counts.values())

    def __enter__(self):
        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # a line per SMTP command otherwise
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _drain_worker(start, stop, results, drain_seconds: float) -> None:
    """One worker process: drain as the Celery task does until nothing is due or told to stop."""
    start.wait()
    total = DispatchResult()
    cpu = time.process_time()
    try:
        while not stop.is_set():
            result, more = messages_drain(seconds=drain_seconds)
            total.add(result)
            if not more:
                break
    finally:
        connections.close_all()
        results.put({**total.as_dict(), "cpu": time.process_time() - cpu})


@dataclass
class Run:
    workers: int
    seconds: float = 0.0
    per_worker: list[dict] = field(default_factory=list)


@contextmanager
def _smtp_sink_and_settings():
    port = free_port()
    smtp = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "EMAIL_USE_TLS": False,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 10,
    }
    with override_settings(**smtp), Sink(port) as sink:
        yield sink


@contextmanager
def _workers(count: int, drain_seconds: float):
    """Fork `count` workers that wait for `start`; the database connection is not shared."""
    context = multiprocessing.get_context("fork")
    start, stop, results = context.Event(), context.Event(), context.Queue()
    connections.close_all()
    processes = [
        context.Process(target=_drain_worker, args=(start, stop, results, drain_seconds), daemon=True)
        for _ in range(count)
    ]
    for process in processes:
        process.start()
    run = Run(workers=count)
    try:
        yield start, stop, run
    finally:
        stop.set()
        run.per_worker = [results.get(timeout=120) for _ in processes]
        for process in processes:
            process.join(timeout=30)


class Benchmark:
    def __init__(self, write):
        self.write = write
        self.run_id = secrets.token_hex(4)
        self.person = None

    def _person(self):
        self.person = get_user_model().objects.create_user(email=f"benchmark-outbox-{self.run_id}@example.invalid")
        return self.person

    def _schedule(self, count: int) -> float:
        now = timezone.now()
        started = time.perf_counter()
        for first in range(0, count, 10000):
            messages_schedule_many(
                rows=[
                    {
                        "key": f"benchmark:{index}:{self.run_id}",
                        "recipient_id": self.person.pk,
                        "template": "portal_notice",
                        "due_at": now - dt.timedelta(hours=1) + dt.timedelta(milliseconds=index),
                    }
                    for index in range(first, min(count, first + 10000))
                ]
            )
        return time.perf_counter() - started

    def _expected_ids(self) -> set[str]:
        rows = OutboxMessage.objects.filter(recipient=self.person).only("pk", "key")
        return {message_id(row) for row in rows.iterator(chunk_size=5000)}

    def cleanup(self) -> None:
        if self.person is not None:
            deleted, _ = OutboxMessage.objects.filter(recipient=self.person).delete()
            self.person.delete()
            self.write(f"(deleted the {deleted} benchmark rows and the benchmark person)")

    def drain(self, *, count: int, workers: int, drain_seconds: float) -> None:
        """`count` due messages, `workers` processes: the time until each arrived once."""
        self._person()
        scheduled = self._schedule(count)
        expected = self._expected_ids()
        with _smtp_sink_and_settings() as sink:
            with _workers(workers, drain_seconds) as (start, _stop, run):
                started = time.time()
                start.set()
                while sink.received() < count and time.time() - started < 600:
                    if not any(OutboxMessage.objects.filter(recipient=self.person, status="pending")[:1]):
                        break
                    time.sleep(0.05)
                last = max(sink.arrived.values(), default=started)
                run.seconds = last - started
        self._report_drain(count, scheduled, expected, sink, run)

    def _report_drain(self, count, scheduled, expected, sink, run) -> None:
        received = set(sink.counts)
        duplicates = sum(n - 1 for n in sink.counts.values() if n > 1)
        missing = len(expected - received)
        statuses = Counter(OutboxMessage.objects.filter(recipient=self.person).values_list("status", flat=True))
        rate = sum(sink.counts.values()) / run.seconds if run.seconds else 0
        self.write(f"due messages                 {count:>9}  (scheduled in {scheduled:.1f} s)")
        self.write(f"worker processes             {run.workers:>9}")
        self.write(f"all sent in                  {run.seconds:>9.1f} s  ({rate:.0f} messages/s)")
        self.write(
            f"received at the SMTP sink    {sum(sink.counts.values()):>9}  ({len(received)} distinct Message-IDs)"
        )
        self.write(f"duplicates                   {duplicates:>9}")
        self.write(f"missing                      {missing:>9}")
        self.write(f"rows marked sent             {statuses.get('sent', 0):>9}")
        for number, result in enumerate(run.per_worker, start=1):
            self.write(
                f"worker {number}: sent {result['sent']} of {result['claimed']} claimed, failed {result['failed']}, "
                f"{result['cpu']:.1f} s of CPU"
            )
        cpu = sum(result["cpu"] for result in run.per_worker)
        sent = sum(result["sent"] for result in run.per_worker) or 1
        self.write(f"worker CPU per message       {cpu / sent * 1000:>9.2f} ms  (the sink's own CPU not counted)")
        self._load_note()

    def _load_note(self) -> None:
        load = os.getloadavg()[0]
        if load > (os.cpu_count() or 1):
            self.write(f"note: the machine was busy (load average {load:.1f} on {os.cpu_count()} cores)")

    def urgent_behind(self, *, count: int, workers: int, drain_seconds: float, after: int) -> None:
        """An urgent message scheduled while `workers` drain `count` due ones: how long until it
        arrives. The on-commit urgent task is left out: every worker is busy with the drain,
        the worst case, so the urgent message goes by the drain's own urgent-first claims."""
        self._person()
        scheduled = self._schedule(count)
        with _smtp_sink_and_settings() as sink:
            with _workers(workers, drain_seconds) as (start, stop, _run):
                start.set()
                deadline = time.time() + 120
                while sink.received() < after and time.time() < deadline:
                    time.sleep(0.02)
                with mock.patch("notifications.services._queue_urgent_dispatch"):
                    urgent = message_schedule(
                        key=f"benchmark:0:{self.run_id}:urgent",
                        template="portal_notice",
                        recipient=self.person,
                        due_at=timezone.now(),
                        urgent=True,
                    )
                committed = time.time()
                before = sink.received()
                urgent_id = message_id(urgent)
                while urgent_id not in sink.arrived and time.time() - committed < 60:
                    time.sleep(0.005)
                arrived = sink.arrived.get(urgent_id)
                with sink.lock:
                    ahead = sum(1 for moment in sink.arrived.values() if arrived and moment < arrived)
                stop.set()
        ordinary_due = count
        self.write(f"ordinary due messages        {ordinary_due:>9}  (scheduled in {scheduled:.1f} s)")
        self.write(f"worker processes             {workers:>9}  (all draining, none free for the urgent task)")
        self.write(f"sent when the urgent one was scheduled {before:>9}")
        if arrived is None:
            self.write("urgent message: NOT received within 60 s")
        else:
            self.write(f"urgent message received after {arrived - committed:.2f} s, as message {ahead + 1} of the run")
            self.write(f"  ({count - ahead} ordinary messages were still waiting behind it)")
        self.write(f"urgent message received      {sink.counts.get(urgent_id, 0):>9} time(s)")
        self._load_note()
