"""Review dates remind the editors once; the contracts other apps call."""

import datetime as dt

from django.core import mail
from django.utils import timezone

from health.defaults import QA_THEME
from health.models import Article, ModuleProgress
from health.personal_data import erase_for, export_for
from health.services import article_from_expert_answer, review_reminders_schedule
from notifications.models import OutboxMessage
from notifications.services import messages_claim


def test_a_passed_review_date_sends_one_neutral_email_to_each_officer_however_often_the_scan_runs(
    wim, alice, make_article
):
    from notifications.tasks import dispatch_due_messages

    yesterday = timezone.localdate() - dt.timedelta(days=1)
    make_article("Due", review_at=yesterday)
    make_article("Not yet", review_at=timezone.localdate() + dt.timedelta(days=30))
    review_reminders_schedule()
    review_reminders_schedule()
    assert OutboxMessage.objects.count() == 1
    assert OutboxMessage.objects.get().recipient == wim
    dispatch_due_messages()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "A page of the portal is due for review"
    assert "/health/editor/?state=review" in mail.outbox[0].body


def test_a_new_review_date_reminds_again(wim, make_article):
    article = make_article("Due", review_at=timezone.localdate() - dt.timedelta(days=2))
    review_reminders_schedule()
    article.review_at = timezone.localdate() - dt.timedelta(days=1)
    article.save()
    review_reminders_schedule()
    assert OutboxMessage.objects.count() == 2
    token, claimed = messages_claim(now=timezone.now(), limit=10)
    assert len(claimed) == 2


def test_an_expert_answer_becomes_a_draft_question_and_answer_for_the_officer(wim):
    article = article_from_expert_answer(
        question="Is it normal to dream about it?", answer="Yes, often.", editor=wim, language="nl"
    )
    assert article.status == Article.Status.DRAFT and article.kind == Article.Kind.QA
    assert article.theme.slug == QA_THEME
    assert article.title_nl == "Is it normal to dream about it?" and "Yes, often." in article.body_nl
    assert not article.title_en
    assert article.history.get().history_user == wim


def test_the_personal_data_of_the_square_is_exported_and_erased(alice, module, wim):
    from core.personal_data import Kept
    from health.services import module_lesson_done

    module_lesson_done(user=alice, module=module, number=1)
    [row] = export_for(alice)["Your progress in learning modules"]
    assert row["Module"] == module.title and row["Lessons finished"] == ["Lesson 1"]
    lines = erase_for(alice)
    assert lines == ["Your progress in 1 learning module was deleted."] and not isinstance(lines[0], Kept)
    assert not ModuleProgress.objects.filter(user=alice).exists()
    assert export_for(alice) == {"Your progress in learning modules": []}
    assert erase_for(alice) == []


def test_the_export_of_the_square_reads_in_the_persons_language(alice, module):
    from django.utils import translation

    from health import personal_data
    from health.services import module_lesson_done

    module_lesson_done(user=alice, module=module, number=2)
    with translation.override("da"):
        exported = export_for(alice)
        title = str(personal_data.TITLE)
    [(label, [row])] = exported.items()
    assert title == "Sundhedstorvet" and label == "Dine fremskridt i læringsmoduler"
    assert row["Lektioner gennemført"] == ["Lektion 2"]
    assert row["Modul"] == "Sleep"  # the title, in the fallback language; not the address


def test_an_editor_is_told_that_their_name_stays_in_the_revisions(wim, make_article):
    from core.personal_data import Kept

    make_article()
    kept = erase_for(wim)
    assert len(kept) == 1 and "revision history" in kept[0] and isinstance(kept[0], Kept)


def test_progress_unused_for_a_year_is_deleted_by_retention(alice, module):
    from core.retention import retention_apply

    ModuleProgress.objects.create(user=alice, module=module, updated_on=timezone.localdate() - dt.timedelta(days=400))
    result = retention_apply()
    assert result["health.module_progress"] == 1


def test_the_review_scan_takes_the_same_number_of_queries_for_5_and_for_50_articles(wim, make_article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def scan():
        with CaptureQueriesContext(connection) as ctx:
            made = review_reminders_schedule()
        return made, len(ctx)

    past = timezone.localdate() - dt.timedelta(days=1)
    for i in range(5):
        make_article(f"Few {i}", review_at=past)
    few, few_queries = scan()
    for i in range(45):
        make_article(f"Many {i}", review_at=past)
    many, many_queries = scan()
    assert (few, many) == (5, 50)
    assert few_queries == many_queries
    assert OutboxMessage.objects.filter(template="health_review_due", recipient=wim).count() == 50
