"""Questions and answers are encrypted at rest, kept for a limited time, exported and erased."""

import datetime as dt

import time_machine
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from core.personal_data import Kept
from core.retention import retention_apply
from experts import personal_data, services
from experts.models import Question
from experts.services import ANSWERED_RETENTION_DAYS, WAITING_RETENTION_DAYS


def _raw(column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM experts_question")  # noqa: S608 - fixed names
        return cursor.fetchone()[0]


def test_the_question_and_the_answer_are_stored_encrypted(alice, petra, ask):
    question = ask(alice, text="Flashbacks of the fire in Zwolle")
    services.question_answer(question=question, psychologist=petra, answer="Grounding helps: name five things.")
    assert "Zwolle" not in _raw("text") and "Flashbacks" not in _raw("text")
    assert "Grounding" not in _raw("answer")
    assert Question.objects.get().text == "Flashbacks of the fire in Zwolle"


def test_the_keys_rotate_and_old_texts_stay_readable(alice, petra, ask, settings):
    question = ask(alice, text="Old text")
    services.question_answer(question=question, psychologist=petra, answer="Old answer")
    old_key = settings.EXPERTS_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.EXPERTS_KEYS = [new_key, old_key]
    call_command(
        "rotate_encryption_keys",
        "--field=experts.Question.text",
        "--field=experts.Question.answer",
        stdout=open("/dev/null", "w"),
    )
    settings.EXPERTS_KEYS = [new_key]
    question = Question.objects.get()
    assert (question.text, question.answer) == ("Old text", "Old answer")
    assert Fernet(new_key.encode()).decrypt(_raw("text").encode()) == b"Old text"


def test_an_answered_question_is_deleted_a_retention_period_after_the_answer(alice, petra, ask):
    start = timezone.now()
    question = ask(alice, now=start)
    services.question_answer(question=question, psychologist=petra, answer="Rest.", now=start)
    with time_machine.travel(start + dt.timedelta(days=ANSWERED_RETENTION_DAYS - 1), tick=False):
        retention_apply()
        assert Question.objects.exists()
    with time_machine.travel(start + dt.timedelta(days=ANSWERED_RETENTION_DAYS + 1), tick=False):
        assert retention_apply()["experts.questions"] == 1
        assert not Question.objects.exists()


def test_a_question_nobody_answered_goes_after_its_own_period(alice, ask):
    start = timezone.now()
    ask(alice, now=start)
    with time_machine.travel(start + dt.timedelta(days=WAITING_RETENTION_DAYS + 1), tick=False):
        retention_apply()
    assert not Question.objects.exists()


def test_the_export_holds_the_persons_own_questions_and_answers_only(alice, charlie, petra, ask):
    import json

    question = ask(alice, text="Mine")
    services.question_answer(question=question, psychologist=petra, answer="Yours")
    ask(charlie, text="Not hers")
    exported = personal_data.export_for(alice)
    json.dumps(exported)
    assert [(q["Question"], q["Answer"]) for q in exported["Your questions"]] == [("Mine", "Yours")]


def test_the_export_reads_in_the_persons_language_with_readable_values(alice, ask):
    from django.utils import translation

    ask(alice, text="Mine")
    with translation.override("nl"):
        exported = personal_data.export_for(alice)
        title = str(personal_data.TITLE)
    [(label, [question])] = exported.items()
    assert label == "Jouw vragen" and title == "Vragen aan de psychologen"
    assert (
        question["Vraag"] == "Mine"
        and question["Onderwerp"] == "Slaap en ploegendienst"
        and question["Antwoord"] is None
    )
    assert not any("_" in key for key in question)


def test_erasure_deletes_the_persons_questions_and_says_what_stays(alice, charlie, ask):
    ask(alice)
    kept = ask(alice)
    Question.objects.filter(pk=kept.pk).update(article_made_at=timezone.now(), article_id=7)
    ask(charlie)
    sentences = personal_data.erase_for(alice)
    assert not Question.objects.filter(asker=alice).exists()
    assert Question.objects.filter(asker=charlie).count() == 1
    removed = [line for line in sentences if not isinstance(line, Kept)]
    kept = [line for line in sentences if isinstance(line, Kept)]
    assert removed == ["Your questions to the psychologists and their answers were deleted (2 questions)."]
    assert len(kept) == 1 and "Articles made from your questions" in kept[0]


def test_erasure_says_nothing_for_someone_who_never_asked(alice):
    assert personal_data.erase_for(alice) == []


def test_the_demo_makes_questions_in_the_askers_languages_once(db):
    from django.core.management import call_command

    call_command("seed_demo", stdout=open("/dev/null", "w"))
    count = Question.objects.count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert Question.objects.count() == count == 3
    assert Question.objects.filter(status=Question.Status.ANSWERED).count() == 1


def test_when_people_leave_taken_questions_return_to_the_queue_and_their_own_waiting_ones_go(alice, petra, ask):
    from accounts.leaving import leaver_work_collect

    taken = ask(alice)
    services.question_claim(question=taken, psychologist=petra)
    assert leaver_work_collect(user=petra, now=timezone.now()) == []
    assert Question.objects.get(pk=taken.pk).claimed_by is None
    leaver_work_collect(user=alice, now=timezone.now())
    assert not Question.objects.filter(pk=taken.pk).exists()
