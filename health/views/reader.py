"""The square as readers see it: open to everyone, logged in or not, and never recorded."""

import mimetypes

from django.http import FileResponse
from django.shortcuts import get_object_or_404, render

from core.i18n import active_language

from .. import destinations
from ..access import article_for_reader, article_image_for
from ..forms import SearchForm
from ..markup import render_markdown
from ..models import Article, Theme
from ..selectors import articles_of_theme, articles_search, modules_for_square, progress_by_module, themes_for_square

HELP = ["selftest", "checkup", "open-consultation", "peer-support", "ask-expert"]


def _help_links(*, besides=()) -> list[dict]:
    """Where every theme page leads: the portal's own help, as far as it is installed
    ("ask an expert" appears once its app is), less what the article lists already."""
    return destinations.links([key for key in HELP if key not in besides])


def square(request):
    return render(
        request,
        "health/square.html",
        {
            "themes": themes_for_square(),
            "modules": modules_for_square(),
            "progress": progress_by_module(request.user),
            "search_form": SearchForm(),
        },
    )


def theme(request, slug):
    # Themes are public (shipped with the portal), so a plain 404 for an unknown one.
    theme = get_object_or_404(Theme, slug=slug)
    articles = list(articles_of_theme(theme))
    groups = [(value, label, [a for a in articles if a.audience == value]) for value, label in Article.Audience.choices]
    return render(
        request,
        "health/theme.html",
        {
            "theme": theme,
            "groups": [group for group in groups if group[2]],
            "modules": modules_for_square().filter(theme=theme),
            "help_links": _help_links(),
        },
    )


def article(request, slug):
    article = article_for_reader(slug)
    body = render_markdown(article.body)
    return render(
        request,
        "health/article.html",
        {
            "article": article,
            "body": body,
            "related": destinations.links(article.related),
            "help_links": _help_links(besides=article.related),
        },
    )


def search(request):
    # What someone searched for says something about them: never kept by a browser or proxy cache.
    request.no_store = True
    form = SearchForm(request.GET or None)
    results = []
    if form.is_valid():
        results = articles_search(form.cleaned_data["q"], language=active_language())
    return render(request, "health/search.html", {"form": form, "results": results, "searched": form.is_bound})


def image(request, pk):
    article = article_image_for(request.user, pk)
    content_type = mimetypes.guess_type(article.image.name)[0] or "application/octet-stream"
    return FileResponse(article.image.open("rb"), content_type=content_type)
