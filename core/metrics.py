"""What Prometheus scrapes at /metrics (wellbeing/probes.py), besides django-prometheus's
request metrics: the state of the outbox and of the Celery queues, read when Prometheus asks.

Each figure is read from the database (or Redis) at scrape time with one cheap query, so
every gunicorn process answers the same and no process keeps state. No label ever names a
person, an address or an object: channels and queue names only. A figure that cannot be read
(the database or the broker is down) is left out of that scrape, never a 500.
"""

import logging
import os

import prometheus_client
from django.conf import settings
from django.db.models import Count, Max, Min
from django.utils import timezone
from prometheus_client import CollectorRegistry, multiprocess
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger(__name__)

# Redis answers LLEN in microseconds; a broker that does not answer in this time is reported down.
BROKER_TIMEOUT_SECONDS = 0.5


def _outbox_families(now):
    from notifications.models import ChannelOutage, OutboxMessage

    channels = [value for value, _label in OutboxMessage.Channel.choices]
    pending = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, due_at__lte=now)
    due = pending.aggregate(count=Count("pk"), oldest=Min("due_at"))  # outbox_pending_due_idx
    backlog = GaugeMetricFamily("portal_outbox_due_messages", "Outbox messages pending whose time has come.")
    backlog.add_metric([], due["count"])
    yield backlog
    oldest = GaugeMetricFamily(
        "portal_outbox_oldest_due_age_seconds", "Seconds since the oldest pending message was due (0: none)."
    )
    oldest.add_metric([], max(0.0, (now - due["oldest"]).total_seconds()) if due["oldest"] else 0.0)
    yield oldest

    failed_rows = dict(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED)  # outbox_failed_channel_idx
        .values_list("channel")
        .annotate(count=Count("pk"))
        .order_by()
    )
    failed = GaugeMetricFamily(
        "portal_outbox_failed_messages",
        "Outbox messages given up on (failed for good), by channel, still in the table.",
        labels=["channel"],
    )
    for channel in channels:
        failed.add_metric([channel], failed_rows.get(channel, 0))
    yield failed

    last_sent = OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).aggregate(at=Max("sent_at"))["at"]
    sent = GaugeMetricFamily(
        "portal_outbox_last_sent_timestamp_seconds", "When the outbox last sent a message (Unix time; 0: never)."
    )
    sent.add_metric([], last_sent.timestamp() if last_sent else 0.0)
    yield sent

    open_outages = set(ChannelOutage.objects.values_list("channel", flat=True))
    outages = GaugeMetricFamily(
        "portal_channel_outage_open", "1 while a channel (mail server, SMS gateway) is down.", labels=["channel"]
    )
    for channel in channels:
        outages.add_metric([channel], 1 if channel in open_outages else 0)
    yield outages


def _queue_names() -> list[str]:
    from wellbeing.celery import app

    names = {app.conf.task_default_queue}
    names.update(queue.name for queue in app.conf.task_queues or ())
    return sorted(names)


def _redis_client():
    import redis

    return redis.Redis.from_url(
        settings.CELERY_BROKER_URL, socket_timeout=BROKER_TIMEOUT_SECONDS, socket_connect_timeout=BROKER_TIMEOUT_SECONDS
    )


def _celery_families():
    """Queue lengths, only with a Redis broker (a queue there is a list of that name)."""
    if not settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        return
    up = GaugeMetricFamily("portal_celery_broker_up", "1 when the Redis broker answered this scrape.")
    lengths = GaugeMetricFamily(
        "portal_celery_queue_length", "Tasks waiting in a Celery queue on the Redis broker.", labels=["queue"]
    )
    try:
        client = _redis_client()
        with client.pipeline(transaction=False) as pipe:
            names = _queue_names()
            for name in names:
                pipe.llen(name)
            for name, length in zip(names, pipe.execute(), strict=True):
                lengths.add_metric([name], length)
    except Exception as exc:  # fail soft: a scrape must not fail because the broker is down
        logger.warning("Metrics: the broker did not answer (%s)", type(exc).__name__)
        up.add_metric([], 0)
        yield up
        return
    up.add_metric([], 1)
    yield up
    yield lengths


class PortalCollector:
    """Reads the figures at each scrape (a custom collector: prometheus_client calls collect)."""

    def collect(self):
        now = timezone.now()
        try:
            yield from list(_outbox_families(now))
        except Exception as exc:
            logger.warning("Metrics: the outbox could not be read (%s)", type(exc).__name__)
        yield from _celery_families()

    def describe(self):
        return []  # nothing is read when the collector is registered


PORTAL_REGISTRY = CollectorRegistry()
PORTAL_REGISTRY.register(PortalCollector())


def metrics_text() -> bytes:
    """The exposition text: django-prometheus's request metrics (of every gunicorn process when
    PROMETHEUS_MULTIPROC_DIR is set), then the portal's figures read now."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        requests = CollectorRegistry()
        multiprocess.MultiProcessCollector(requests)
    else:
        requests = prometheus_client.REGISTRY
    return prometheus_client.generate_latest(requests) + prometheus_client.generate_latest(PORTAL_REGISTRY)
