"""What a load balancer and Prometheus ask: liveness, readiness and metrics.

- `/healthz` (liveness): the process answers. No database, no broker: a load balancer or an
  orchestrator that restarts on a failed liveness check must not restart every web process
  because PostgreSQL is slow.
- `/readyz` (readiness): the database, the cache and the broker answer, each within a couple of
  seconds (a statement time-out for the database's query, `BROKER_TIMEOUT_SECONDS` for the
  broker, `DATABASE_CONNECT_TIMEOUT` for a new database connection); 503 otherwise, so the load
  balancer sends no one to a process that cannot serve.
- Both probes are answered by `ProbeMiddleware`, before the host check and the HTTPS redirect:
  a load balancer, compose's health check or a kubelet asks by the container's own address over
  plain HTTP, which production settings would otherwise answer with a 400 or a redirect.
- `/metrics`: Prometheus's text format, only with `Authorization: Bearer <METRICS_TOKEN>`
  (403 without it or with another token; 404 when METRICS_TOKEN is not set: no endpoint).
"""

import hmac
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST

from core.metrics import metrics_text

BROKER_TIMEOUT_SECONDS = 2
# A database whose query runs longer than this (overloaded, its disk stalled) is down for
# readiness. It bounds the query on the server only: a connection is bounded by its connect
# time-out (DATABASE_CONNECT_TIMEOUT), and a server that stops answering on an open connection
# by the load balancer's own time-out.
DATABASE_TIMEOUT_MS = 2000
READINESS_QUERY = "SELECT 1"


def _database_ok() -> bool:
    try:
        if connection.vendor != "postgresql":  # the embedded default: a transaction would lock the file
            with connection.cursor() as cursor:
                cursor.execute(READINESS_QUERY)
                return cursor.fetchone() == (1,)
        with transaction.atomic(), connection.cursor() as cursor:
            # For this transaction only.
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(DATABASE_TIMEOUT_MS)])
            cursor.execute(READINESS_QUERY)
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _cache_ok() -> bool:
    key = f"readyz:{secrets.token_hex(8)}"
    try:
        cache.set(key, "1", timeout=5)
        found = cache.get(key) == "1"
        cache.delete(key)
        return found
    except Exception:
        return False


def _broker_ok() -> bool:
    from wellbeing.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
        return True
    except Exception:
        return False


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    checks = {"database": _database_ok(), "cache": _cache_ok(), "broker": _broker_ok()}
    ready = all(checks.values())
    body = {"status": "ok" if ready else "unavailable", **{k: "ok" if v else "down" for k, v in checks.items()}}
    return JsonResponse(body, status=200 if ready else 503)


class ProbeMiddleware:
    """Answers `/healthz` and `/readyz` whatever the Host header and scheme (first in the chain
    after the latency metric). They say nothing but ok or down, and never touch a session."""

    def __init__(self, get_response):
        from csp.middleware import CSPMiddleware
        from django.middleware.security import SecurityMiddleware

        from core.middleware import PermissionsPolicyMiddleware

        self.get_response = get_response
        self.probes = {"/healthz": healthz, "/readyz": readyz}
        # The same security headers as every other answer (none of these reads the Host header).
        self.headers = (SecurityMiddleware(get_response), CSPMiddleware(get_response))
        self.permissions = PermissionsPolicyMiddleware(get_response).policy

    def __call__(self, request):
        probe = self.probes.get(request.path_info)
        if probe is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        response = probe(request)
        for middleware in self.headers:
            response = middleware.process_response(request, response)
        response.headers.setdefault("Permissions-Policy", self.permissions)
        return response


@never_cache
def metrics(request):
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        return HttpResponse(status=403, content_type="text/plain")
    return HttpResponse(metrics_text(), content_type=CONTENT_TYPE_LATEST)
