"""/healthz and /readyz: what a load balancer asks."""

from unittest import mock

import pytest
from django.db import connection


@pytest.mark.django_db
class TestLiveness:
    def test_liveness_answers_ok_without_asking_the_database_or_the_broker(self, client, django_assert_num_queries):
        with (
            mock.patch("wellbeing.probes._broker_ok", side_effect=AssertionError("not asked")),
            django_assert_num_queries(0),
        ):
            response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}
        assert "no-cache" in response["Cache-Control"]

    def test_liveness_answers_ok_while_the_database_is_down(self, client):
        with mock.patch.object(connection, "cursor", side_effect=OSError("down")):
            assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
class TestReadiness:
    def test_it_answers_ok_when_database_cache_and_broker_answer(self, client):
        with mock.patch("wellbeing.probes._broker_ok", return_value=True):
            response = client.get("/readyz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}
        assert "no-cache" in response["Cache-Control"]

    def test_it_answers_503_when_the_broker_is_down(self, client):
        with mock.patch("wellbeing.celery.app.connection_for_write", side_effect=OSError("refused")):
            response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["broker"] == "down"

    def test_it_answers_503_when_the_database_is_down(self, client):
        with (
            mock.patch.object(connection, "cursor", side_effect=OSError("down")),
            mock.patch("wellbeing.probes._broker_ok", return_value=True),
        ):
            response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable", "database": "down", "cache": "ok", "broker": "ok"}

    @pytest.mark.postgres
    def test_a_database_that_does_not_answer_is_down_within_the_time_out(self, client, monkeypatch):
        from wellbeing import probes

        monkeypatch.setattr(probes, "DATABASE_TIMEOUT_MS", 1000)
        monkeypatch.setattr(probes, "READINESS_QUERY", "SELECT 1 FROM pg_sleep(0.05)")
        with mock.patch("wellbeing.probes._broker_ok", return_value=True):
            assert client.get("/readyz").status_code == 200  # slow is not down
            monkeypatch.setattr(probes, "READINESS_QUERY", "SELECT 1 FROM pg_sleep(30)")
            response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["database"] == "down"

    def test_it_answers_503_when_the_cache_is_down(self, client):
        with (
            mock.patch("django.core.cache.cache.set", side_effect=ConnectionError("refused")),
            mock.patch("wellbeing.probes._broker_ok", return_value=True),
        ):
            response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["cache"] == "down"

    def test_the_broker_check_gives_up_quickly(self):
        from wellbeing.probes import BROKER_TIMEOUT_SECONDS, _broker_ok

        with mock.patch("wellbeing.celery.app.connection_for_write") as connect:
            assert _broker_ok() is True
        ensure = connect.return_value.__enter__.return_value.ensure_connection
        ensure.assert_called_once_with(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
        assert BROKER_TIMEOUT_SECONDS <= 2


@pytest.mark.django_db
class TestProbesBehindProductionSettings:
    """Compose's health check, a kubelet and a load balancer ask by the container's address over
    plain HTTP: production's host check and HTTPS redirect must not turn that into a 400 or a 301,
    which would keep every web container "unhealthy" (and nginx, which waits for it, down)."""

    @pytest.fixture(autouse=True)
    def production(self, settings):
        settings.DEBUG = False
        settings.SECURE_SSL_REDIRECT = True
        settings.ALLOWED_HOSTS = ["wellbeing.example.org"]

    def test_liveness_answers_by_the_containers_address_over_http(self, client):
        response = client.get("/healthz", HTTP_HOST="10.0.3.7:8000")
        assert response.status_code == 200 and response.json() == {"status": "ok"}

    def test_readiness_answers_by_the_containers_address_over_http(self, client):
        with mock.patch("wellbeing.probes._broker_ok", return_value=True):
            response = client.get("/readyz", HTTP_HOST="127.0.0.1:8000")
        assert response.status_code == 200 and response.json()["database"] == "ok"

    def test_every_other_page_keeps_the_host_check_and_the_redirect(self, client):
        assert client.get("/", HTTP_HOST="10.0.3.7:8000").status_code == 400
        response = client.get("/", HTTP_HOST="wellbeing.example.org")
        assert response.status_code == 301 and response["Location"].startswith("https://")
        # A POST to a probe's address is not a probe: it goes the normal way.
        assert client.post("/healthz", HTTP_HOST="10.0.3.7:8000").status_code == 400
