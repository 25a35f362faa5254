"""Reads of the health square that need care with queries or that several views share."""

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from .models import Article, LearningModule, ModuleProgress, Theme

# PostgreSQL's text-search configuration for each language of the portal.
SEARCH_CONFIGS = {"en": "english", "nl": "dutch", "da": "danish"}
SEARCH_MAX_RESULTS = 30
SEARCH_MAX_LENGTH = 100


def themes_for_square(*, now=None):
    now = now or timezone.now()
    visible = Q(articles__status=Article.Status.PUBLISHED, articles__publish_at__lte=now)
    return Theme.objects.annotate(article_count=Count("articles", filter=visible)).order_by("order")


def articles_of_theme(theme: Theme, *, now=None):
    return Article.objects.visible(now).filter(theme=theme).order_by("order", "pk")


def modules_for_square():
    return LearningModule.objects.filter(published=True).annotate(lesson_count=Count("lessons")).order_by("order")


def articles_search(query: str, *, language: str, now=None) -> list[Article]:
    """Published articles whose title, summary or text in `language` match `query`:
    PostgreSQL full-text search with that language's configuration, else `icontains`."""
    query = " ".join((query or "").split())[:SEARCH_MAX_LENGTH]
    if not query:
        return []
    language = language if language in SEARCH_CONFIGS else "en"
    if connection.vendor == "postgresql":
        return articles_search_postgres(query, language=language, now=now)
    return articles_search_fallback(query, language=language, now=now)


def articles_search_postgres(query: str, *, language: str, now=None) -> list[Article]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    config = SEARCH_CONFIGS[language]
    vector = (
        SearchVector(f"title_{language}", weight="A", config=config)
        + SearchVector(f"summary_{language}", weight="B", config=config)
        + SearchVector(f"body_{language}", weight="C", config=config)
    )
    search = SearchQuery(query, config=config, search_type="websearch")
    found = (
        Article.objects.visible(now)
        .annotate(document=vector)
        .filter(document=search)
        .annotate(rank=SearchRank(vector, search))
        .select_related("theme")
        .order_by("-rank", "pk")
    )
    return list(found[:SEARCH_MAX_RESULTS])


def articles_search_fallback(query: str, *, language: str, now=None) -> list[Article]:
    """For SQLite (the embedded default): every word must appear in the title, summary or text."""
    condition = Q()
    for word in query.split()[:10]:
        condition &= (
            Q(**{f"title_{language}__icontains": word})
            | Q(**{f"summary_{language}__icontains": word})
            | Q(**{f"body_{language}__icontains": word})
        )
    found = Article.objects.visible(now).filter(condition).select_related("theme").order_by("order", "pk")
    return list(found[:SEARCH_MAX_RESULTS])


def articles_for_editor(*, state: str = "", now=None):
    now = now or timezone.now()
    articles = Article.objects.select_related("theme").order_by("theme__order", "order", "pk")
    if state == "draft":
        articles = articles.filter(status=Article.Status.DRAFT)
    elif state == "scheduled":
        articles = articles.filter(status=Article.Status.PUBLISHED, publish_at__gt=now)
    elif state == "published":
        articles = articles.visible(now)
    elif state == "review":
        articles = articles.review_due(timezone.localdate(now))
    return articles


def progress_of(user, module: LearningModule) -> ModuleProgress | None:
    """The reader's own progress; None for visitors (nothing is kept for them)."""
    if not user.is_authenticated:
        return None
    return ModuleProgress.objects.filter(user=user, module=module).first()


def progress_by_module(user) -> dict[int, ModuleProgress]:
    if not user.is_authenticated:
        return {}
    return {p.module_id: p for p in ModuleProgress.objects.filter(user=user)}
