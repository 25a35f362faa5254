"""The self-test over HTTP: public pages, the result, what is stored and what is not."""

import datetime as dt
import logging

import pytest
from django.urls import reverse

from accounts.roles import Role
from notifications.models import OutboxMessage
from surveys.models import SelfTestStatistic
from surveys.selectors import selftest_get
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("instruments")

WHO5_GOOD = {"q1": "5", "q2": "4", "q3": "4", "q4": "3", "q5": "4"}  # 20 -> 80
PHQ9_CALM = {f"q{n}": "0" for n in range(1, 10)}


def take(client, key, answers, **extra):
    return client.post(reverse("surveys:take", args=[key]), {**answers, **extra})


def test_the_list_is_public_and_says_how_long_each_test_takes_and_what_it_is_for(client):
    response = client.get(reverse("surveys:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "About 2 minutes" in html
    assert "After a heavy incident" in html
    assert "Nothing you answer here is saved" in html
    for key in ("who5", "phq9", "gad7", "k10", "pcl5", "cbi"):
        assert reverse("surveys:take", args=[key]) in html
    # One heading per group, the incident tests last.
    assert html.count("How have you been doing lately?") == 1
    assert html.index(reverse("surveys:take", args=["cbi"])) < html.index("After a heavy incident")


@pytest.mark.parametrize(
    "language,expected",
    [
        ("en", "9 questions and 1 optional question"),
        ("nl", "9 vragen en 1 niet-verplichte vraag"),
        ("da", "9 spørgsmål og 1 frivilligt spørgsmål"),
    ],
)
def test_the_phq9_card_counts_its_nine_questions_and_the_one_that_may_be_skipped(client, language, expected):
    phq9 = selftest_get("phq9")
    assert sum(1 for i in phq9.items if i.required) == 9 and len(phq9.items) == 10
    html = client.get(reverse("surveys:list"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    card = html.split(reverse("surveys:take", args=["phq9"]), 1)[1].split("</li>", 1)[0]
    assert expected in " ".join(card.split())
    assert "10 " not in card


def test_the_list_is_the_same_when_logged_in(client, alice):
    anonymous = client.get(reverse("surveys:list")).content.decode()
    client.force_login(alice)
    logged_in = client.get(reverse("surveys:list")).content.decode()
    for key in ("who5", "phq9", "gad7", "k10", "pcl5", "cbi"):
        assert (reverse("surveys:take", args=[key]) in anonymous) and (reverse("surveys:take", args=[key]) in logged_in)


def test_the_questions_are_one_post_form_with_a_fieldset_per_question(client):
    response = client.get(reverse("surveys:take", args=["phq9"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'method="post"' in html
    assert html.count('<fieldset class="selftest-question') == 10
    assert "Question 9 of 10" in html
    assert "optional" in html  # the unscored difficulty question


def test_the_page_marks_a_language_that_is_not_a_validated_translation(client):
    dutch_who5 = client.get(reverse("surveys:take", args=["who5"]), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert 'id="translation-note"' in dutch_who5
    dutch_phq9 = client.get(reverse("surveys:take", args=["phq9"]), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert 'id="translation-note"' not in dutch_phq9
    assert "Weinig interesse of plezier in het doen van dingen" in dutch_phq9


def test_an_unknown_test_answers_404(client):
    assert client.get(reverse("surveys:take", args=["mbi"])).status_code == 404


def test_answers_in_a_query_string_are_ignored_and_nothing_is_stored(client):
    response = client.get(reverse("surveys:take", args=["who5"]) + "?q1=5&q2=5&q3=5&q4=5&q5=5")
    assert response.status_code == 200
    assert "Your result" not in response.content.decode()
    assert not SelfTestStatistic.objects.exists()


def test_a_completed_test_shows_the_score_the_band_and_that_it_is_not_a_diagnosis(client):
    response = take(client, "who5", WHO5_GOOD)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>80</strong> on a scale from 0 to 100" in html
    assert "Good well-being" in html
    assert "This is an indication, not a diagnosis." in html
    assert "crisis-help" not in html


def test_the_result_page_is_never_stored_by_a_browser_or_proxy(client):
    response = take(client, "who5", WHO5_GOOD)
    assert "no-store" in response["Cache-Control"]


def test_the_result_links_a_logged_in_person_to_the_next_steps_and_the_emergency_numbers(client, settings, alice):
    client.force_login(alice)
    html = take(client, "who5", WHO5_GOOD).content.decode()
    assert "Book a talk with a psychologist" in html and f'href="{reverse("checkups:start")}"' in html
    assert (
        "Talk to a colleague from peer support" in html and f'href="{reverse("peer_support:request_create")}"' in html
    )
    assert f'href="tel:{settings.EMERGENCY_NUMBER}"' in html


def test_someone_whose_role_cannot_book_or_ask_for_support_is_offered_the_open_doors(client, settings, petra):
    settings.PEER_SUPPORT_PHONE = "0900-1234"
    client.force_login(petra)  # a psychologist: no booking, no peer support of her own here
    html = take(client, "who5", WHO5_GOOD).content.decode()
    next_steps = html.split('id="next-steps"', 1)[1].split("</section>", 1)[0]
    assert f'href="{reverse("checkups:start")}"' not in next_steps
    assert f'href="{reverse("peer_support:request_create")}"' not in next_steps
    assert f'href="{reverse("checkups:open_start")}"' in next_steps and 'href="tel:+319001234"' in next_steps


def test_a_visitor_is_offered_only_help_that_needs_no_login(client, settings):
    settings.PEER_SUPPORT_PHONE = "0900-1234"
    client.cookies["django_language"] = "nl"
    html = take(client, "who5", WHO5_GOOD).content.decode()
    next_steps = html.split('id="next-steps"', 1)[1].split("</section>", 1)[0]
    assert f'href="{reverse("checkups:start")}"' not in next_steps
    assert f'href="{reverse("peer_support:request_create")}"' not in next_steps
    assert "Praat met een psycholoog zonder je naam te geven" in next_steps
    assert f'href="tel:{settings.EMERGENCY_NUMBER}"' in next_steps
    assert 'href="tel:+318000113"' in next_steps  # dialled in E.164
    assert 'href="tel:+319001234"' in next_steps
    # Every link in the next steps opens without logging in.
    links = [part.split('"', 1)[0] for part in next_steps.split('href="')[1:]]
    pages = [link for link in links if link.startswith("/")]
    assert pages == [reverse("checkups:open_start")]
    for link in pages:
        assert client.get(link).status_code == 200


def test_a_missing_answer_shows_the_form_again_with_the_question_named_and_answers_kept(client):
    answers = {**WHO5_GOOD}
    del answers["q3"]
    response = take(client, "who5", answers)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in html
    assert 'href="#question-q3"' in html
    assert 'id="q1-0" value="5" checked' in html
    assert not SelfTestStatistic.objects.exists()


def test_an_answer_that_is_not_offered_is_refused_without_an_error_page(client):
    response = take(client, "who5", {**WHO5_GOOD, "q2": "9"})
    assert response.status_code == 200
    assert "Please choose one of the answers shown." in response.content.decode()
    assert not SelfTestStatistic.objects.exists()


def test_changing_answers_shows_the_form_filled_in_and_stores_nothing(client):
    response = take(client, "who5", WHO5_GOOD, edit="1")
    html = response.content.decode()
    assert 'id="q1-0" value="5" checked' in html
    assert 'id="q4-2" value="3" checked' in html
    assert "error-summary" not in html
    assert not SelfTestStatistic.objects.exists()
    token = html.split('name="attempt" value="')[1].split('"')[0]
    assert len(token) >= 16  # sending the changed answers counts once, however often it is sent
    take(client, "who5", WHO5_GOOD, attempt=token)
    take(client, "who5", WHO5_GOOD, attempt=token)
    assert SelfTestStatistic.objects.count() == 1


# --- What is stored --------------------------------------------------------------------------


def test_the_stored_row_has_exactly_the_allowed_fields():
    fields = sorted(field.name for field in SelfTestStatistic._meta.get_fields())
    assert fields == ["band", "id", "instrument", "iso_week"]
    assert SelfTestStatistic._meta.get_field("id").get_internal_type() == "UUIDField"


def test_a_completion_stores_one_row_with_the_instrument_the_band_and_the_iso_week(client):
    import time_machine

    with time_machine.travel("2026-11-25 14:03:17+01:00"):
        take(client, "who5", WHO5_GOOD)
    row = SelfTestStatistic.objects.get()
    assert (row.instrument, row.band, row.iso_week) == ("who5", "good", "2026-W48")


def test_a_logged_in_and_an_anonymous_completion_store_the_same_kind_of_row(client, alice):
    take(client, "phq9", PHQ9_CALM)
    client.force_login(alice)
    take(client, "phq9", PHQ9_CALM)
    rows = list(SelfTestStatistic.objects.values("instrument", "band", "iso_week"))
    assert len(rows) == 2
    assert rows[0] == rows[1]
    assert not any(str(alice.pk) == str(value) for row in rows for value in row.values())


def test_the_same_form_sent_twice_counts_once(client):
    take(client, "who5", WHO5_GOOD, attempt="abc123")
    take(client, "who5", WHO5_GOOD, attempt="abc123")
    assert SelfTestStatistic.objects.count() == 1


def test_no_answer_appears_in_the_logs_when_a_test_is_completed(client, caplog):
    from core.logging import StripQueryStringFilter

    answers = {f"q{n}": "2" for n in range(1, 10)} | {"difficulty": "3"}
    with caplog.at_level(logging.DEBUG):
        response = take(client, "phq9", answers, attempt="log-test")
        client.get(reverse("surveys:take", args=["phq9"]) + "?q9=3&q1=2")
    assert response.status_code == 200
    strip = StripQueryStringFilter()
    for record in caplog.records:
        strip.filter(record)
        text = record.getMessage()
        assert "q9=" not in text and "q1=" not in text and "difficulty" not in text, text
        assert "'q" not in text and '"q' not in text, text  # no answer dict or form data either
    # And the request line the development server logs loses its query string.
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        "",
        0,
        '"%s" %s %s',
        (f"GET {reverse('surveys:take', args=['phq9'])}?q9=3 HTTP/1.1", "200", "10"),
        None,
    )
    strip.filter(record)
    assert "q9=" not in record.getMessage()
    assert "?" not in record.getMessage()


# --- Bands and the crisis block ------------------------------------------------------------------


def every_band_answers():
    """For every band of every instrument's main scale: answers that land in it."""
    from .conftest import load
    from .test_engine_scoring import BOUNDARIES, spread

    seen = set()
    for key, raw, _expected, band in BOUNDARIES:
        if (key, band) in seen:
            continue
        seen.add((key, band))
        instrument = load(key)
        answers = spread(instrument, instrument.statistics_scale, raw)
        if key == "phq9":
            # Keep item 9 at 0 where the band allows it, so the band alone decides the crisis block.
            answers = spread_without_item9(instrument, raw)
        yield key, band, {k: str(int(v)) for k, v in answers.items()}
    cbi = load("cbi")
    yield "cbi", "low", {item.key: "0" for item in cbi.items if not item.reversed} | {"w7": "100"}
    yield "cbi", "high", {item.key: "100" for item in cbi.items if not item.reversed} | {"w7": "0"}


def spread_without_item9(instrument, raw):
    answers = {f"q{n}": 0 for n in range(1, 10)}
    remaining = raw
    for n in list(range(1, 9)) + [9]:
        value = min(3, remaining)
        answers[f"q{n}"] = value
        remaining -= value
    return answers


@pytest.mark.parametrize(("key", "band", "answers"), list(every_band_answers()))
def test_every_band_has_a_result_page_with_its_words_and_the_crisis_block_only_where_it_belongs(
    client, key, band, answers
):
    instrument = selftest_get(key)
    response = take(client, key, answers)
    html = response.content.decode()
    assert response.status_code == 200, html
    main = instrument.statistics
    expected = next(b for b in main.bands if b.key == band)
    assert expected.label["en"] in html
    assert expected.meaning["en"] in html
    assert expected.advice["en"] in html
    assert ("crisis-help" in html) == expected.crisis
    assert SelfTestStatistic.objects.get().band == band


def test_phq9_item_9_puts_the_crisis_block_first_even_with_a_low_score(client, settings):
    settings.CRISIS_LINE_NAME = "113 Zelfmoordpreventie"
    settings.CRISIS_LINE_NUMBER = "0800-0113"
    html = take(client, "phq9", {**PHQ9_CALM, "q9": "1"}).content.decode()
    assert "crisis-help" in html
    assert html.index("crisis-help") < html.index("Your result</h1>")
    assert 'href="tel:+318000113"' in html
    assert "Few or no complaints" in html


def test_the_pcl5_result_shows_the_cluster_scores_and_the_pattern(client):
    answers = {f"q{n}": "2" for n in range(1, 21)}
    html = take(client, "pcl5", answers).content.decode()
    assert "Reliving (questions 1-5)" in html
    assert "<td>10</td>" in html  # cluster B: 5 x 2
    assert "Your answers follow the pattern that professionals look for" in html
    assert "crisis-help" in html  # 40 is above the cut-off of 33


def test_the_cbi_result_shows_three_scores_and_no_total(client):
    answers = {item.key: "50" for item in selftest_get("cbi").items}
    html = take(client, "cbi", answers).content.decode()
    for label in ("Personal exhaustion", "Work-related exhaustion", "Exhaustion from work with the public"):
        assert label in html
    assert html.count("on a scale from 0 to 100") == 3


# --- Saving, printing, reminders ---------------------------------------------------------------


def test_the_result_can_be_saved_as_a_file_and_nothing_is_stored(client):
    response = client.post(reverse("surveys:download", args=["who5"]), WHO5_GOOD)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="result-20')
    assert "no-store" in response["Cache-Control"]
    content = response.content.decode()
    assert "Good well-being" in content
    assert "Over the last two weeks I have felt calm and relaxed." in content
    assert not SelfTestStatistic.objects.exists()


def test_the_download_refuses_a_get(client):
    assert client.get(reverse("surveys:download", args=["who5"])).status_code == 405


def ask_reminder(client, weeks="4", instrument="phq9", answers=PHQ9_CALM):
    """What the result page's reminder form sends: the period, and the test to show again."""
    return client.post(reverse("surveys:reminder"), {"instrument": instrument, **answers, "weeks": weeks})


def test_one_reminder_url_serves_every_test_and_names_none(client, alice):
    from surveys.forms import option_value

    client.force_login(alice)
    url = reverse("surveys:reminder")
    assert url == "/selftest/reminder/"  # pinned: the URL names no test
    for key in ("who5", "phq9", "gad7", "k10", "pcl5", "cbi"):
        answers = {item.key: option_value(item.scale.options[0].value) for item in selftest_get(key).items}
        html = take(client, key, answers).content.decode()
        assert f'action="{url}"' in html  # the result page posts to the same URL for every test


def test_asking_for_a_reminder_stores_the_person_and_the_day_and_nothing_else(client, alice):
    import time_machine

    from surveys.models import RetakeReminder

    client.force_login(alice)
    with time_machine.travel("2026-11-25 23:40+01:00"):
        response = ask_reminder(client)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your reminder is set." in html
    assert "Your result" in html  # the result stays on screen
    assert {f.name for f in RetakeReminder._meta.get_fields()} == {"id", "user", "due_on"}
    reminder = RetakeReminder.objects.get()
    assert (reminder.user, reminder.due_on.isoformat()) == (alice, "2026-12-23")
    # No outbox row yet: it would carry the moment of asking (its created-at).
    assert not OutboxMessage.objects.exists()
    assert not SelfTestStatistic.objects.exists()  # asking for a reminder is not a second completion


def test_the_reminder_reaches_the_outbox_on_its_day_neutral_and_once(client, alice):
    import time_machine

    from surveys.models import RetakeReminder
    from surveys.services import retake_reminders_release

    client.force_login(alice)
    with time_machine.travel("2026-11-25 23:40+01:00"):
        ask_reminder(client)
    assert retake_reminders_release(now=dt.datetime(2026, 12, 20, 12, tzinfo=dt.UTC)) == 0  # not yet
    with time_machine.travel("2026-12-22 00:23+01:00"):
        assert retake_reminders_release() == 1
        assert retake_reminders_release() == 0  # run twice: one message
    message = OutboxMessage.objects.get()
    assert message.recipient == alice
    assert message.context == {}
    stored = f"{message.key} {message.template} {message.context}".lower()
    for word in ("phq", "selftest", "self-test", "retake", "minimal", "surveys"):
        assert word not in stored
    local = message.due_at.astimezone(alice.tzinfo)
    assert (local.date().isoformat(), local.hour) == ("2026-12-23", 10)
    # Written weeks after the test, with the day's other reminders: not at the moment of asking.
    assert message.created_at.astimezone(alice.tzinfo).date().isoformat() == "2026-12-22"
    assert not RetakeReminder.objects.exists()


def test_a_reminder_never_released_is_dropped_by_the_retention_rule(alice):
    from core.retention import _RULES
    from surveys.models import RetakeReminder

    RetakeReminder.objects.create(user=alice, due_on=dt.date(2026, 11, 1))
    RetakeReminder.objects.create(user=alice, due_on=dt.date(2026, 11, 20))
    assert _RULES["surveys.retake_reminders"](dt.datetime(2026, 11, 25, 3, tzinfo=dt.UTC)) == 1
    assert list(RetakeReminder.objects.values_list("due_on", flat=True)) == [dt.date(2026, 11, 20)]


def test_the_reminder_email_is_neutral_and_links_to_the_list_of_self_tests(alice):
    from notifications.email import render_email

    subject, body, _html = render_email("reminder_asked_for", {"recipient_name": "Alice"}, language="en")
    assert subject == "A reminder you asked for"
    text = (subject + body).lower()
    for word in ("phq", "depress", "screening", "test result", "score", "psycholog", "trauma"):
        assert word not in text
    assert reverse("surveys:list") in body


@pytest.mark.parametrize("language", ["nl", "da"])
def test_the_reminder_email_is_translated(language):
    from notifications.email import render_email

    subject, body, _html = render_email("reminder_asked_for", {}, language=language)
    assert subject != "A reminder you asked for"


def test_a_visitor_cannot_ask_for_a_reminder(client):
    from surveys.models import RetakeReminder

    response = ask_reminder(client)
    assert response.status_code == 302
    assert "reminder" in response["Location"] and "phq9" not in response["Location"]
    assert not RetakeReminder.objects.exists()


def test_a_reminder_period_that_is_not_offered_is_refused_on_the_page(client, alice):
    from surveys.models import RetakeReminder

    client.force_login(alice)
    response = ask_reminder(client, weeks="52")
    assert response.status_code == 200
    assert 'id="weeks-error"' in response.content.decode()
    assert not RetakeReminder.objects.exists()


def test_a_reminder_asked_for_without_a_result_goes_back_to_the_list(client, alice):
    from surveys.models import RetakeReminder

    client.force_login(alice)
    response = client.post(reverse("surveys:reminder"), {"weeks": "2"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("surveys:list")
    assert "We will send you a short reminder" in response.content.decode()
    assert RetakeReminder.objects.filter(user=alice).count() == 1


def test_the_reminder_offer_is_only_on_a_logged_in_result_page(client, alice):
    assert "Remind me" not in take(client, "who5", WHO5_GOOD).content.decode()
    client.force_login(alice)
    assert "Remind me" in take(client, "who5", WHO5_GOOD).content.decode()


# --- Navigation ------------------------------------------------------------------------------------


def test_visitors_and_employees_see_the_how_am_i_doing_door(client, alice):
    assert reverse("surveys:list") in client.get(reverse("home")).content.decode()
    client.force_login(alice)
    assert reverse("surveys:list") in client.get(reverse("home")).content.decode()


def test_only_the_wellbeing_officer_sees_the_statistics_link(client, alice, wim):
    client.force_login(alice)
    assert reverse("surveys:statistics") not in client.get(reverse("home")).content.decode()
    client.force_login(wim)
    assert reverse("surveys:statistics") in client.get(reverse("home")).content.decode()


def test_a_second_employee_account_sees_no_trace_of_someone_elses_test(client, alice, charlie):
    client.force_login(alice)
    take(client, "phq9", {**PHQ9_CALM, "q9": "2"})
    client.force_login(charlie)
    html = client.get(reverse("surveys:list")).content.decode()
    assert "crisis" not in html
    assert UserFactory._meta.model.objects.filter(pk=alice.pk).exists()
    assert Role.EMPLOYEE in charlie.role_names


def test_the_reminder_choices_are_in_the_page_language(client, alice):
    alice.language = "da"
    alice.save()
    client.force_login(alice)
    html = take(client, "who5", WHO5_GOOD).content.decode()  # her saved language applies
    assert "4 uger" in html
    assert "Mind mig om det" in html


def test_an_unfinished_test_leaves_no_warning_in_the_logs(client, caplog):
    with caplog.at_level(logging.INFO):
        take(client, "who5", {"q1": "5"})
    assert not [r for r in caplog.records if reverse("surveys:list") in r.getMessage()]
