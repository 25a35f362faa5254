"""Which article, module or image a reader or an editor may open: the object or a 404.

Readers see published articles whose time has come, and published modules; a draft, a
preview or a scheduled article answers 404 to them, so nothing about it leaks. Editors
(`health.edit_content`, checked at the door) open every article. Nothing here is written
down: reading the square is never recorded.
"""

from django.http import Http404
from django.utils import timezone

from .models import Article, LearningModule


def article_for_reader(slug: str, *, now=None) -> Article:
    article = Article.objects.visible(now or timezone.now()).select_related("theme").filter(slug=slug).first()
    if article is None:
        raise Http404
    return article


def article_for_editor(user, pk: int) -> Article:
    if not user.has_perm("health.edit_content"):
        raise Http404
    article = Article.objects.select_related("theme").filter(pk=pk).first()
    if article is None:
        raise Http404
    return article


def article_image_for(user, pk: int, *, now=None) -> Article:
    """An article's image: for anyone once the article is visible, for editors always."""
    articles = Article.objects.all() if user.has_perm("health.edit_content") else Article.objects.visible(now)
    article = articles.filter(pk=pk).exclude(image="").first()
    if article is None:
        raise Http404
    return article


def module_for_reader(slug: str) -> LearningModule:
    module = LearningModule.objects.filter(slug=slug, published=True).first()
    if module is None:
        raise Http404
    return module
