"""The test suite's overrides of the one settings module: fast hashing, mail in memory."""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

# N+1 queries fail the tests (django-zeal, docs/performance.md "Query counts and N+1"): every
# request has its own detection context (the middleware, first so that it sees every other
# middleware too), and tests/conftest.py wraps each test's own body in one for service calls.
INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]  # noqa: F405
MIDDLEWARE = ["zeal.middleware.zeal_middleware", *MIDDLEWARE]  # noqa: F405
ZEAL_RAISE = True
ZEAL_SHOW_ALL_CALLERS = False
# Loops that are N+1 on purpose, each with the reason (model "app.Model", field a name or "*").
ZEAL_ALLOWLIST = [
    # message_schedule() is idempotent per key: one get_or_create per message, and a page schedules
    # a handful (a booking's confirmation and reminders). Bulk senders insert in batches instead.
    {"model": "notifications.OutboxMessage", "field": "get()"},
]
