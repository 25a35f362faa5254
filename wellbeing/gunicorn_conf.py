"""gunicorn's settings for production (`gunicorn -c python:wellbeing.gunicorn_conf wellbeing.wsgi`).

- No access log: the portal writes one JSON line per request itself (core.middleware.RequestLogMiddleware),
  without the client's address, the path or the query string; gunicorn's own lines go through the
  same JSON formatter when LOG_FORMAT=json (the default in production).
- Prometheus: the web processes share their request metrics through files in PROMETHEUS_MULTIPROC_DIR
  (prometheus_client's multiprocess mode), so /metrics answers for all of them whichever one is asked.
"""

import os
import shutil

from prometheus_client import multiprocess

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# Threads per process (gthread when more than one; each has its own database connection). One
# by default: measured with the load test (docs/performance.md), 4 threads made every page
# slower on two cores (the threads of a process share one interpreter lock).
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
accesslog = None

# Set before any worker imports prometheus_client's metrics (workers load the app after the fork).
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", "/tmp/prometheus-wellbeing")

if os.environ.get("LOG_FORMAT", "json" if os.environ.get("DJANGO_DEBUG", "").lower() != "true" else "plain") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "core.logging.JsonFormatter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
        "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
    }


def on_starting(server):
    """A fresh directory at each start: files of processes of a previous run would be counted."""
    directory = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory, exist_ok=True)


def child_exit(server, worker):
    multiprocess.mark_process_dead(worker.pid)
