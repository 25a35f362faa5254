"""The editor's pages: articles with their state, the form with a tab per language, the
preview, publication and the revisions. For `health.edit_content` (the wellbeing officer)."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import post_action
from core.errors import DomainError

from .. import destinations
from ..access import article_for_editor
from ..forms import ArticleForm, PublishForm
from ..markup import render_markdown
from ..models import Article
from ..revisions import revisions_of
from ..selectors import articles_for_editor
from ..services import article_create, article_publish, article_restore, article_unpublish, article_update

STATES = ("draft", "scheduled", "published", "review")

# The role guards the list and the form for a new article; on an article's own pages the access
# helper decides, and answers 404 to anyone else (docs/conventions.md).
editor_required = permission_required("health.edit_content", raise_exception=True)


@login_required
@editor_required
def article_list(request):
    state = request.GET.get("state", "")
    state = state if state in STATES else ""
    now = timezone.now()
    today = timezone.localdate(now)
    rows = [
        {"article": a, "state": a.state(now), "review_due": a.review_due(today)}
        for a in articles_for_editor(state=state, now=now)
    ]
    return render(request, "health/editor/list.html", {"rows": rows, "state": state, "states": STATES})


def _edit(request, article=None):
    # The form validates a copy: a ModelForm writes what it is sent onto its instance, and the
    # page around a refused form (its title, its links) must still show the stored article.
    editable = Article.objects.get(pk=article.pk) if article else None
    form = ArticleForm(request.POST or None, request.FILES or None, instance=editable)
    if request.method == "POST" and form.is_valid():
        try:
            if article is None:
                article = article_create(editor=request.user, fields=form.content())
            else:
                article = article_update(article=article, editor=request.user, fields=form.content())
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if article.state() == "published":
                messages.success(request, _("Saved. Readers see the change now."))
            else:
                messages.success(request, _("Saved. Readers see the article only once it is published."))
            return redirect("health:editor_edit", pk=article.pk)
    return render(
        request,
        "health/editor/form.html",
        {"form": form, "article": article, "publish_form": PublishForm(), "state": article.state() if article else ""},
    )


@login_required
@editor_required
def article_new(request):
    return _edit(request)


@login_required
def article_edit(request, pk):
    return _edit(request, article_for_editor(request.user, pk))


@login_required
def article_preview(request, pk):
    article = article_for_editor(request.user, pk)
    return render(
        request,
        "health/editor/preview.html",
        {
            "article": article,
            "body": render_markdown(article.body),
            "related": destinations.links(article.related),
            "state": article.state(),
        },
    )


@login_required
@require_POST
def article_publish_view(request, pk):
    article = article_for_editor(request.user, pk)
    publish = partial(article_publish, article=article, editor=request.user)
    return post_action(
        request,
        publish,
        form=PublishForm(request.POST),
        success=lambda a: _("Published.") if a.state() == "published" else _("Scheduled for publication."),
        then=article.get_edit_url(),
    )


@login_required
@require_POST
def article_unpublish_view(request, pk):
    article = article_for_editor(request.user, pk)
    unpublish = partial(article_unpublish, article=article, editor=request.user)
    return post_action(
        request, unpublish, success=_("Taken offline: readers no longer see it."), then=article.get_edit_url()
    )


@login_required
def article_history(request, pk):
    article = article_for_editor(request.user, pk)
    return render(request, "health/editor/history.html", {"article": article, "revisions": revisions_of(article)})


@login_required
@require_POST
def article_restore_view(request, pk, revision_id):
    article = article_for_editor(request.user, pk)
    restore = partial(article_restore, article=article, revision_id=revision_id, editor=request.user)
    return post_action(
        request,
        restore,
        success=_("The revision is back, as a new revision. Publication did not change."),
        then=article.get_edit_url(),
    )
