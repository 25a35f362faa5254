"""/metrics for Prometheus and the alert rules that read it (docs/operations.md, "Monitoring")."""

import datetime as dt
import re
from pathlib import Path
from unittest import mock

import pytest
import yaml
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from notifications import channels
from notifications.models import OutboxMessage
from notifications.services import message_schedule, messages_dispatch
from tests.factories import UserFactory

TOKEN = "m" * 40
ALERTS = Path(django_settings.BASE_DIR) / "deploy" / "prometheus" / "alerts.yml"
PROMQL_WORDS = {"and", "or", "unless", "on", "ignoring", "by", "without", "bool", "group_left", "group_right"}
# Made by Prometheus itself for every scrape target, not by the portal.
PROMETHEUS_SERIES = {"up"}


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN
    return TOKEN


def scrape(client, token=TOKEN):
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    return response.content.decode()


def samples(text):
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def sample_names(text):
    return {name for name, _labels in samples(text)}


@pytest.mark.django_db
class TestTheEndpointIsNotPublic:
    def test_without_a_token_setting_there_is_no_endpoint(self, client, settings):
        settings.METRICS_TOKEN = ""
        assert client.get("/metrics").status_code == 404
        assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404

    @pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x", TOKEN])
    def test_without_the_right_bearer_token_it_answers_403(self, client, token, header):
        extra = {"HTTP_AUTHORIZATION": header} if header else {}
        response = client.get("/metrics", **extra)
        assert response.status_code == 403
        assert b"portal_" not in response.content

    def test_a_signed_in_superuser_without_the_token_is_refused_too(self, client, token):
        client.force_login(UserFactory(roles=[], is_staff=True, is_superuser=True))
        assert client.get("/metrics").status_code in (302, 403)  # the MFA check first, then 403

    def test_with_the_token_it_answers_prometheus_text(self, client, token):
        response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain; version=")
        assert "no-cache" in response["Cache-Control"]


NOW = dt.datetime(2026, 11, 30, 3, 0, tzinfo=dt.UTC)


@pytest.mark.django_db
class TestOutboxFigures:
    def schedule(self, person, key, due):
        return message_schedule(key=key, template="portal_notice", recipient=person, due_at=due)

    def test_backlog_oldest_age_failures_outages_and_last_send_are_read_at_scrape_time(self, client, token):
        person = UserFactory(email="eve.secret@example.org", first_name="Eve")
        self.schedule(person, "figures:sent", NOW - dt.timedelta(minutes=1))
        messages_dispatch(now=NOW)  # sent
        self.schedule(person, "figures:refused", NOW - dt.timedelta(minutes=1))
        with mock.patch(
            "notifications.channels.email.send_templated_email",
            side_effect=channels.PermanentFailure("refused eve.secret@example.org"),
        ):
            messages_dispatch(now=NOW)  # failed for good
        self.schedule(person, "figures:late", NOW - dt.timedelta(minutes=12))
        self.schedule(person, "figures:later", NOW - dt.timedelta(minutes=3))
        self.schedule(person, "figures:future", NOW + dt.timedelta(hours=1))
        with mock.patch(
            "notifications.channels.email.send_templated_email", side_effect=channels.ChannelUnavailable("down")
        ):
            messages_dispatch(now=NOW, limit=1)  # the mail server is down: an outage opens
        assert OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).count() == 1

        with mock.patch("django.utils.timezone.now", return_value=NOW):
            values = samples(scrape(client))
        assert values[("portal_outbox_due_messages", ())] == 2
        assert values[("portal_outbox_oldest_due_age_seconds", ())] == 12 * 60
        assert values[("portal_outbox_failed_messages", (("channel", "email"),))] == 1
        assert values[("portal_outbox_failed_messages", (("channel", "sms"),))] == 0
        assert values[("portal_channel_outage_open", (("channel", "email"),))] == 1
        assert values[("portal_channel_outage_open", (("channel", "sms"),))] == 0
        sent_at = OutboxMessage.objects.get(status=OutboxMessage.Status.SENT).sent_at
        assert values[("portal_outbox_last_sent_timestamp_seconds", ())] == pytest.approx(sent_at.timestamp())

    def test_an_empty_outbox_reads_zero(self, client, token):
        values = samples(scrape(client))
        assert values[("portal_outbox_due_messages", ())] == 0
        assert values[("portal_outbox_oldest_due_age_seconds", ())] == 0
        assert values[("portal_outbox_last_sent_timestamp_seconds", ())] == 0

    def test_each_figure_costs_one_query(self, client, token, django_assert_max_num_queries):
        person = UserFactory()
        for number in range(30):
            self.schedule(person, f"figures:{number}", timezone.now() - dt.timedelta(minutes=1))
        with django_assert_max_num_queries(4):  # due+oldest, failed by channel, last send, outages
            scrape(client)

    def test_the_database_being_down_leaves_the_outbox_out_and_answers(self, client, token):
        with mock.patch("core.metrics._outbox_families", side_effect=OSError("database down")):
            text = scrape(client)
        assert "portal_outbox_due_messages" not in text
        assert "django_http_requests_total_by_method" in text


class FakeRedis:
    def __init__(self, lengths=None, error=None):
        self.lengths, self.error, self.commands = lengths or {}, error, []

    def pipeline(self, transaction=True):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def llen(self, name):
        self.commands.append(name)

    def execute(self):
        if self.error:
            raise self.error
        return [self.lengths.get(name, 0) for name in self.commands]


@pytest.mark.django_db
class TestCeleryQueues:
    def test_queue_lengths_are_read_from_redis(self, client, token, settings):
        settings.CELERY_BROKER_URL = "redis://broker.invalid:6379/0"
        with mock.patch("core.metrics._redis_client", return_value=FakeRedis({"celery": 7})):
            values = samples(scrape(client))
        assert values[("portal_celery_queue_length", (("queue", "celery"),))] == 7
        assert values[("portal_celery_broker_up", ())] == 1

    def test_a_broker_that_does_not_answer_is_reported_down_and_the_scrape_answers(self, client, token, settings):
        settings.CELERY_BROKER_URL = "redis://broker.invalid:6379/0"
        with mock.patch("core.metrics._redis_client", return_value=FakeRedis(error=TimeoutError("slow"))):
            values = samples(scrape(client))
        assert values[("portal_celery_broker_up", ())] == 0
        assert not any(name == "portal_celery_queue_length" for name, _ in values)
        assert values[("portal_outbox_due_messages", ())] == 0

    def test_without_a_redis_broker_no_queue_is_read(self, client, token, settings):
        settings.CELERY_BROKER_URL = "filesystem://"
        with mock.patch("core.metrics._redis_client", side_effect=AssertionError("not asked")):
            text = scrape(client)
        assert "portal_celery" not in text


@pytest.mark.django_db
class TestNoPersonalDataInMetrics:
    def test_request_metrics_are_labelled_by_view_name_never_by_path_person_or_address(self, client, token):
        person = UserFactory(email="mila.private@example.org", first_name="Mila")
        client.force_login(person)
        path = f"/checkups/appointments/{person.pk}9876/booked/?email=mila.private@example.org"
        client.get(path, REMOTE_ADDR="10.1.2.3")
        client.get("/me/data/")
        client.logout()
        message_schedule(key="private:1", template="portal_notice", recipient=person, due_at=timezone.now())
        text = scrape(client)
        assert "mila" not in text.lower() and "@" not in text and "10.1.2.3" not in text
        assert "/me/" not in text and "?" not in text
        # The id in the path is looked for in names and labels: its digits may occur in a timestamp.
        assert not [
            (name, labels)
            for name, labels in samples(text)
            if f"{person.pk}9876" in name or any(f"{person.pk}9876" in value for _label, value in labels)
        ]
        views = {
            dict(labels).get("view")
            for name, labels in samples(text)
            if name.startswith("django_http_requests_latency_seconds_by_view_method")
        }
        assert reverse("dataprotection:mine") == "/me/data/"
        assert {"dataprotection:mine", "checkups:confirmed"} <= views, views
        for _name, labels in samples(text):
            for label, value in labels:
                assert label in {"view", "method", "status", "transport", "charset", "templatename", "type", "le",
                                 "channel", "queue", "quantile", "vendor", "alias", "generation",
                                 "implementation", "major", "minor", "patchlevel", "version"}, label  # fmt: skip
                assert "/" not in value or label in {"type", "templatename"}, value


def promql_series(expr: str) -> set[str]:
    """The series names an expression reads: not functions, keywords, label matchers or durations."""
    expr = re.sub(r"\{[^}]*\}", "", expr)  # label matchers and template values
    expr = re.sub(r"\[[^\]]*\]", "", expr)  # range durations
    expr = re.sub(r"\"[^\"]*\"", "", expr)
    names = set()
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", expr):
        following = expr[match.end() :].lstrip()
        if following.startswith("(") or match.group() in PROMQL_WORDS:
            continue
        names.add(match.group())
    return names


@pytest.mark.django_db
class TestAlertRules:
    def rules(self):
        document = yaml.safe_load(ALERTS.read_text())
        return [rule for group in document["groups"] for rule in group["rules"]]

    def test_every_rule_has_an_expression_a_duration_a_severity_and_words_for_a_person(self):
        rules = self.rules()
        assert len(rules) >= 6
        names = [rule["alert"] for rule in rules]
        assert len(names) == len(set(names))
        for rule in rules:
            assert {"alert", "expr", "for", "labels", "annotations"} <= set(rule), rule["alert"]
            assert re.fullmatch(r"\d+[smh]", rule["for"]), rule["alert"]
            assert rule["labels"]["severity"] in {"warning", "critical"}, rule["alert"]
            assert rule["annotations"]["summary"] and rule["annotations"]["description"], rule["alert"]

    def test_the_outbox_has_a_warning_at_10_minutes_and_a_critical_alert_at_30(self):
        by_name = {rule["alert"]: rule for rule in self.rules()}
        warning, critical = by_name["OutboxMessageWaiting"], by_name["OutboxMessageStuck"]
        assert warning["expr"].strip() == "portal_outbox_oldest_due_age_seconds > 600"
        assert warning["labels"]["severity"] == "warning"
        assert critical["expr"].strip() == "portal_outbox_oldest_due_age_seconds > 1800"
        assert critical["labels"]["severity"] == "critical"
        covered = " ".join(rule["expr"] for rule in self.rules())
        for series in ("portal_channel_outage_open", "portal_outbox_failed_messages", 'status=~"5.."'):
            assert series in covered

    def test_every_series_an_alert_reads_is_in_the_metrics_output(self, client, token, settings):
        settings.CELERY_BROKER_URL = "redis://broker.invalid:6379/0"
        client.get("/")
        client.get("/no-such-page/")
        with mock.patch("core.metrics._redis_client", return_value=FakeRedis({"celery": 1})):
            exposed = sample_names(scrape(client))
        for rule in self.rules():
            series = promql_series(rule["expr"])
            assert series, rule["alert"]
            missing = series - exposed - PROMETHEUS_SERIES
            assert not missing, (rule["alert"], missing)
