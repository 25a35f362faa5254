"""The monitor's invitations, reminders and closing follow the days of the campaign's organisation."""

import datetime as dt
import zoneinfo

import time_machine
from django.utils import timezone

from notifications.models import OutboxMessage
from organisations.services import organisation_ensure
from surveys.monitor import services
from surveys.monitor.models import Campaign
from tests.organisations.conftest import DANISH
from tests.surveys.monitor.conftest import TODAY, campaign_make, people

NUUK = zoneinfo.ZoneInfo("America/Nuuk")


def test_reminders_and_closing_are_on_the_organisations_days(dk):
    organisation_ensure(root=dk["root"], **{**DANISH, "time_zone": "America/Nuuk", "country": "GL"})
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, 0, tzinfo=NUUK), tick=False):
        people(dk["prison"], 3)
        campaign = campaign_make([dk["prison"]])
    invitation = OutboxMessage.objects.filter(template="monitor_invitation").first()
    assert invitation.due_at == dt.datetime(2026, 3, 2, 12, 0, tzinfo=NUUK)
    # 9 March, 09:30 in Amsterdam is still 8 March in Nuuk: no reminder yet.
    assert services.reminders_scan(now=dt.datetime(2026, 3, 8, 23, 30, tzinfo=NUUK)) == 0
    assert services.reminders_scan(now=dt.datetime(2026, 3, 9, 0, 30, tzinfo=NUUK)) == 3
    reminder = OutboxMessage.objects.filter(template="monitor_reminder").first()
    assert timezone.localtime(reminder.due_at, NUUK).hour == 9
    assert reminder.not_after == dt.datetime.combine(campaign.closes_on + dt.timedelta(days=1), dt.time(0), NUUK)
    # The last day ends at midnight in Nuuk, hours after it ended in Europe.
    last_evening = dt.datetime.combine(TODAY + dt.timedelta(days=14), dt.time(23, 0), NUUK)
    assert services.monitor_scan(now=last_evening)["closed"] == 0
    assert services.monitor_scan(now=last_evening + dt.timedelta(hours=2))["closed"] == 1
    assert Campaign.objects.get(pk=campaign.pk).is_closed
