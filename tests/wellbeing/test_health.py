"""/healthz: what a load balancer asks."""

from unittest import mock

import pytest


@pytest.mark.django_db
class TestHealth:
    def test_it_answers_ok_when_database_and_broker_are_reachable(self, client):
        with mock.patch("wellbeing.views._broker_ok", return_value=True):
            response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}

    def test_it_answers_503_when_the_broker_is_down(self, client):
        with mock.patch("wellbeing.views._broker_ok", return_value=False):
            response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["broker"] == "down"

    def test_it_answers_503_when_the_database_is_down(self, client):
        with (
            mock.patch("wellbeing.views._database_ok", return_value=False),
            mock.patch("wellbeing.views._broker_ok", return_value=True),
        ):
            response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["database"] == "down"

    def test_the_broker_check_really_connects(self, settings):
        from wellbeing.views import _broker_ok

        with mock.patch("wellbeing.celery.app.connection_for_write", side_effect=OSError("refused")):
            assert _broker_ok() is False
