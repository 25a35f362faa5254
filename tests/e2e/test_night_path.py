"""The night path in a real browser at phone width: a colleague asks for urgent support by
phone at 03:10; the supporter on duty, who gave a mobile number for alerts, gets a text at
once (no beat needed) and the alert on their own portal page, takes it there, and the
colleague's page then says who will call. Demo people read Dutch (Eva, employee; Pieter,
peer supporter), so the words checked are the Dutch ones they see."""

import datetime as dt
import zoneinfo

import time_machine
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from notifications.models import OutboxMessage
from peer_support.models import SupporterDuty, SupportRequest
from peer_support.regions import region_of, supporters_of
from tests.e2e.conftest import DEMO_EMAILS

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


def words(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def fits_a_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


def coming_night() -> dt.datetime:
    """03:10 in Amsterdam, the next such moment from now: cookies the browser keeps stay valid."""
    now = dt.datetime.now(AMS)
    night = now.replace(hour=3, minute=10, second=0, microsecond=0)
    return night if night > now else night + dt.timedelta(days=1)


def test_an_urgent_request_at_night_reaches_the_supporter_on_duty_who_takes_it_from_the_alert(
    page, new_page, portal, login_as, assert_accessible, settings
):
    settings.SMS_BACKEND = "console"
    pieter = User.objects.get(email=DEMO_EMAILS["peer_supporter"])
    eva = User.objects.get(email=DEMO_EMAILS["employee"])
    # Tonight Pieter is the one on duty in Eva's region.
    for other in supporters_of(region_of(eva.unit)).exclude(pk=pieter.pk):
        SupporterDuty.objects.update_or_create(supporter=other, defaults={"on_duty": False})
    SupporterDuty.objects.update_or_create(supporter=pieter, defaults={"on_duty": True})

    with time_machine.travel(coming_night(), tick=True):
        # Pieter gave his mobile number for alerts on his settings page (typed as at home).
        supporter = new_page("nl")
        login_as(supporter, portal, "peer_supporter")
        supporter.goto(portal.path(reverse("accounts:preferences")))
        supporter.fill("input[name=alert_phone]", "06 87654321")
        supporter.locator("main form button[type=submit]").click()
        supporter.wait_for_load_state()
        pieter.refresh_from_db()
        assert pieter.alert_phone == "+31687654321", supporter.locator("main").inner_text()
        assert fits_a_phone(supporter)
        assert_accessible(supporter)

        # 03:10: Eva, on her phone, asks to be called today.
        login_as(page, portal, "employee")
        page.goto(portal.path(reverse("peer_support:request_create")))
        page.check("input[name=urgency][value=today]")
        page.check("input[name=contact_method][value=phone]")
        page.fill("input[name=contact_detail]", "06 12345678")
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_load_state()
        request = SupportRequest.objects.get(requester=eva)
        assert "+31 6 12345678" in page.locator("main").inner_text()
        assert fits_a_phone(page)
        assert_accessible(page)

        # The text went at once, neutral; the portal alert waits on Pieter's page.
        text = OutboxMessage.objects.get(recipient=pieter, channel="sms")
        assert text.status == OutboxMessage.Status.SENT and text.urgent
        supporter.goto(portal.path(reverse("peer_support:alerts")))
        main = supporter.locator("main").inner_text()
        assert words("nl", "A colleague has asked for support and is waiting for someone to take it.") in main
        assert "Eva" not in main and "612345678" not in main  # no name, no number before taking it
        assert fits_a_phone(supporter)
        assert_accessible(supporter)
        take = supporter.locator(f"form[action='{reverse('peer_support:request_claim', args=[request.pk])}'] button")
        assert take.inner_text().strip() == words("nl", "Take it")
        take.click()
        supporter.wait_for_load_state()
        assert supporter.locator("main a[href='tel:+31612345678']").is_visible()  # now he can call her
        supporter.goto(portal.path(reverse("peer_support:alerts")))
        assert take.count() == 0  # taking it was the acknowledgement: this alert is gone

        # Eva's page now says who will call, and on which number.
        page.reload()
        page.wait_for_load_state()
        with translation.override("nl"):
            promise = translation.gettext("%(who)s will call you on %(number)s.") % {
                "who": "Pieter",
                "number": "+31 6 12345678",
            }
        assert promise in page.locator("main").inner_text()
        assert fits_a_phone(page)
        assert_accessible(page)
    request.refresh_from_db()
    assert request.assigned_to == pieter
