"""Learning modules: anyone reads them; progress is kept for the logged-in reader alone."""

from django.urls import reverse

from health.models import ModuleProgress


def test_a_visitor_reads_a_module_and_does_the_check_without_anything_saved(client, module):
    assert client.get(reverse("health:module", args=[module.slug])).status_code == 200
    response = client.post(reverse("health:lesson_done", args=[module.slug, 1]))
    assert response["Location"] == reverse("health:lesson", args=[module.slug, 2])
    response = client.post(reverse("health:lesson_done", args=[module.slug, 2]))
    assert response["Location"] == reverse("health:check", args=[module.slug])
    question = module.questions.get()
    wrong = question.choices.get(correct=False)
    page = client.post(reverse("health:check", args=[module.slug]), {f"q{question.pk}": wrong.pk}).content.decode()
    assert "not quite." in page and "Dark." in page
    assert not ModuleProgress.objects.exists()


def test_a_logged_in_readers_progress_is_saved_and_shown_to_them_alone(client, module, alice, charlie):
    client.force_login(alice)
    client.post(reverse("health:lesson_done", args=[module.slug, 1]))
    question = module.questions.get()
    right = question.choices.get(correct=True)
    page = client.post(reverse("health:check", args=[module.slug]), {f"q{question.pk}": right.pk}).content.decode()
    assert "that&#x27;s right." in page or "that's right." in page
    progress = ModuleProgress.objects.get(user=alice)
    assert progress.lessons_done == [1] and progress.check_done_on is not None
    assert client.get(reverse("health:module", args=[module.slug])).content.decode().count("done</span>") == 2
    client.force_login(charlie)
    assert "done</span>" not in client.get(reverse("health:module", args=[module.slug])).content.decode()


def test_the_check_asks_again_when_a_question_is_not_answered_and_saves_nothing(client, module, alice):
    client.force_login(alice)
    question = module.questions.get()
    page = client.post(reverse("health:check", args=[module.slug]), {f"q{question.pk}": "999999"}).content.decode()
    assert "Choose an answer to every question" in page
    assert not ModuleProgress.objects.exists()


def test_a_lesson_that_does_not_exist_and_an_unpublished_module_answer_404(client, module):
    assert client.get(reverse("health:lesson", args=[module.slug, 9])).status_code == 404
    module.published = False
    module.save()
    assert client.get(reverse("health:module", args=[module.slug])).status_code == 404


def test_progress_is_not_in_the_admin(admin_client, module):
    from django.contrib import admin

    from health.models import ModuleProgress as Progress

    assert Progress not in admin.site._registry


def test_the_module_list_on_the_square_takes_the_same_number_of_queries_for_more_modules(
    client, module, django_assert_max_num_queries
):
    from health.models import LearningModule

    with django_assert_max_num_queries(6) as few:
        client.get(reverse("health:square"))

    baseline = len(few)
    for index in range(4):
        LearningModule.objects.create(slug=f"m{index}", title_en=f"M{index}", published=True)
    with django_assert_max_num_queries(baseline):
        client.get(reverse("health:square"))
