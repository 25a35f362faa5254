"""The editor's pages: only the wellbeing officer writes, previews, publishes and restores."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from health.models import Article

from .conftest import later


def _form(theme, **overrides):
    data = {
        "theme": theme.pk,
        "kind": "article",
        "audience": "everyone",
        "slug": "",
        "title_en": "Rest after nights",
        "body_en": "Sleep in a **dark** room.",
        "title_nl": "Rust na nachten",
        "body_nl": "Slaap in een donkere kamer.",
        "title_da": "Hvile efter nattevagter",
        "body_da": "Sov i et mørkt rum.",
        "related": ["selftest"],
        "review_at": "",
        "order": 100,
    }
    data.update(overrides)
    return data


def _png(size=(20, 20), name="picture.png"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = name
    return buffer


@pytest.mark.parametrize("persona", ["alice", "mona", "petra", "bob", "connie"])
def test_only_the_wellbeing_officer_opens_the_editor_pages(client, persona, request, make_article):
    article = make_article(publish=False)
    doors = [reverse("health:editor"), reverse("health:editor_new")]
    own_pages = [
        reverse("health:editor_edit", args=[article.pk]),
        reverse("health:editor_preview", args=[article.pk]),
        reverse("health:editor_history", args=[article.pk]),
    ]
    client.force_login(request.getfixturevalue(persona))
    for url in doors:
        assert client.get(url).status_code == 403
    for url in own_pages:  # a draft and its preview: "not found", so existence does not leak
        assert client.get(url).status_code == 404
    for name in ("health:editor_publish", "health:editor_unpublish"):
        assert client.post(reverse(name, args=[article.pk])).status_code == 404
    client.force_login(request.getfixturevalue("wim"))
    for url in doors + own_pages:
        assert client.get(url).status_code == 200
    article.refresh_from_db()
    assert article.status == "draft"


def test_a_visitor_is_sent_to_log_in_for_the_editor(client, db):
    response = client.get(reverse("health:editor"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_the_officer_writes_a_draft_that_readers_cannot_see_but_the_preview_shows(client, wim, alice, theme):
    client.force_login(wim)
    response = client.post(reverse("health:editor_new"), _form(theme))
    article = Article.objects.get(title_en="Rest after nights")
    assert response.status_code == 302 and article.status == Article.Status.DRAFT
    assert article.slug == "rest-after-nights" and article.related == ["selftest"]
    assert article.history.get().history_user == wim
    preview = client.get(reverse("health:editor_preview", args=[article.pk]))
    assert preview.status_code == 200 and b"<strong>dark</strong>" in preview.content
    for reader in (alice, None):
        if reader:
            client.force_login(reader)
        else:
            client.logout()
        assert client.get(reverse("health:editor_preview", args=[article.pk])).status_code in (302, 404)
        assert client.get(reverse("health:article", args=[article.slug])).status_code == 404


def test_bad_input_shows_a_message_on_the_form_and_changes_nothing(client, wim, theme):
    client.force_login(wim)
    response = client.post(reverse("health:editor_new"), _form(theme, title_en="", related=["http://evil.example"]))
    assert response.status_code == 200 and b"is-invalid" in response.content
    assert not Article.objects.exists()


def test_the_officer_publishes_now_or_later_and_takes_an_article_offline(client, wim, make_article):
    article = make_article(publish=False)
    client.force_login(wim)
    when = later(days=3)
    client.post(reverse("health:editor_publish", args=[article.pk]), {"publish_at": when.strftime("%Y-%m-%dT%H:%M")})
    article.refresh_from_db()
    assert article.state() == "scheduled"
    client.post(reverse("health:editor_publish", args=[article.pk]), {"publish_at": ""})
    article.refresh_from_db()
    assert article.state() == "published"
    client.post(reverse("health:editor_unpublish", args=[article.pk]))
    article.refresh_from_db()
    assert article.state() == "draft"
    reasons = list(article.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons == ["Created", "Scheduled", "Published", "Taken offline"]


def test_a_time_no_database_can_hold_is_refused_on_the_form_and_publishes_nothing(client, wim, make_article):
    article = make_article(publish=False)
    wim.time_zone = "Europe/Amsterdam"  # the editor's own zone, east of UTC
    wim.save(update_fields=["time_zone"])
    client.force_login(wim)
    # Midnight on the first day of year 1 in Amsterdam is still year 0 in UTC.
    response = client.post(
        reverse("health:editor_publish", args=[article.pk]), {"publish_at": "0001-01-01T00:00"}, follow=True
    )
    assert response.status_code == 200
    assert "Please give a date and time that exist." in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_an_article_without_english_text_is_not_published(client, wim, theme):
    from health.services import article_create

    article = article_create(editor=wim, fields={"theme": theme, "title_nl": "Alleen Nederlands"})
    client.force_login(wim)
    response = client.post(reverse("health:editor_publish", args=[article.pk]), {"publish_at": ""}, follow=True)
    assert b"English title and text" in response.content
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_the_history_says_who_changed_what_and_restoring_makes_a_new_revision(client, wim, make_article, theme):
    article = make_article("First title", publish=False)
    client.force_login(wim)
    client.post(reverse("health:editor_edit", args=[article.pk]), _form(theme, title_en="Second title"))
    article.refresh_from_db()
    assert article.title_en == "Second title"
    page = client.get(reverse("health:editor_history", args=[article.pk])).content.decode()
    assert "Changed:" in page and "title (English)" in page and "Wim" in page
    first = article.history.order_by("history_date").first()
    client.post(reverse("health:editor_restore", args=[article.pk, first.history_id]))
    article.refresh_from_db()
    assert article.title_en == "First title"
    assert article.history.count() == 3
    assert article.history.first().history_change_reason.startswith("Restored the revision of")


def test_a_revision_of_another_article_cannot_be_restored(client, wim, make_article):
    one, other = make_article("One", publish=False), make_article("Other", publish=False)
    client.force_login(wim)
    revision = other.history.first()
    response = client.post(reverse("health:editor_restore", args=[one.pk, revision.history_id]), follow=True)
    assert b"This revision does not exist" in response.content
    one.refresh_from_db()
    assert one.title_en == "One"


def test_an_image_needs_a_description_in_every_language(client, wim, theme, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(wim)
    response = client.post(reverse("health:editor_new"), {**_form(theme), "image": _png(), "image_alt_en": "A bed"})
    assert response.status_code == 200 and not Article.objects.exists()
    assert b"Describe the image in Dutch" in response.content
    alts = {"image_alt_en": "A bed", "image_alt_nl": "Een bed", "image_alt_da": "En seng"}
    response = client.post(reverse("health:editor_new"), {**_form(theme), "image": _png(), **alts})
    assert response.status_code == 302
    assert Article.objects.get().image.name.startswith("health/")


def test_an_upload_that_is_not_an_image_or_too_large_is_refused(client, wim, theme, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(wim)
    alts = {"image_alt_en": "A", "image_alt_nl": "B", "image_alt_da": "C"}
    text = io.BytesIO(b"<script>alert(1)</script>")
    text.name = "picture.png"
    response = client.post(reverse("health:editor_new"), {**_form(theme), "image": text, **alts})
    assert response.status_code == 200 and not Article.objects.exists()
    gif = io.BytesIO()
    Image.new("RGB", (5, 5)).save(gif, format="GIF")
    gif.seek(0)
    gif.name = "picture.gif"
    response = client.post(reverse("health:editor_new"), {**_form(theme), "image": gif, **alts})
    assert b"Use a JPEG, PNG or WebP image" in response.content
    monkeypatch.setattr("health.forms.IMAGE_MAX_BYTES", 10)
    response = client.post(reverse("health:editor_new"), {**_form(theme), "image": _png(), **alts})
    assert b"The image is too large" in response.content
    assert not Article.objects.exists()


def test_the_image_of_a_draft_is_shown_to_editors_only(client, wim, alice, make_article, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    article = make_article(publish=False)
    article.image.save("bed.png", ContentFile(_png().read()))
    url = reverse("health:image", args=[article.pk])
    client.force_login(alice)
    assert client.get(url).status_code == 404
    client.force_login(wim)
    assert client.get(url).status_code == 200


def test_the_editor_list_shows_each_state_and_filters_review_due(client, wim, make_article):
    import datetime as dt

    from django.utils import timezone

    make_article("Draft A", publish=False)
    make_article("Scheduled B", publish_at=later(days=5))
    make_article("Due C", review_at=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(wim)
    page = client.get(reverse("health:editor")).content.decode()
    assert "Draft A" in page and "Scheduled B" in page and "Review due" in page
    due = client.get(reverse("health:editor") + "?state=review").content.decode()
    assert "Due C" in due and "Draft A" not in due


def test_the_editor_list_takes_the_same_number_of_queries_for_one_or_many_articles(
    client, wim, make_article, django_assert_max_num_queries
):
    make_article("One")
    client.force_login(wim)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("health:editor"))
    baseline = len(few)
    for index in range(5):
        make_article(f"More {index}", publish=index % 2 == 0)
    with django_assert_max_num_queries(baseline):
        client.get(reverse("health:editor"))


def test_the_history_page_takes_the_same_number_of_queries_for_few_or_many_revisions(
    client, wim, make_article, theme, django_assert_max_num_queries
):
    article = make_article(publish=False)
    client.force_login(wim)
    url = reverse("health:editor_history", args=[article.pk])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    baseline = len(few)
    for index in range(4):
        client.post(reverse("health:editor_edit", args=[article.pk]), _form(theme, title_en=f"Title {index}"))
    with django_assert_max_num_queries(baseline):
        client.get(url)


def test_a_refused_edit_shows_the_stored_article_around_the_form(client, wim, make_article, theme):
    article = make_article("Stored title")
    client.force_login(wim)
    data = {**_form(theme, title_en="Sent title"), "theme": ""}
    del data["slug"]
    response = client.post(reverse("health:editor_edit", args=[article.pk]), data)
    assert response.status_code == 200 and b"is-invalid" in response.content
    assert article.get_absolute_url().encode() in response.content
    article.refresh_from_db()
    assert article.title_en == "Stored title"
