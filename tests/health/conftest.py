import datetime as dt

import pytest
from django.utils import timezone

from health.models import Article, CheckChoice, CheckQuestion, LearningModule, Lesson, Theme
from health.services import article_create, article_publish


@pytest.fixture
def theme(db):
    return Theme.objects.get(slug="sleep-and-shift-work")


@pytest.fixture
def make_article(theme, wim):
    def make(title="Sleeping after nights", *, publish=True, publish_at=None, body=None, **extra):
        fields = {
            "theme": theme,
            "title_en": title,
            "summary_en": "A short summary.",
            "body_en": body or "Make the room **dark** and quiet.",
            "title_nl": f"{title} (nl)",
            "body_nl": "Maak de kamer donker en stil na de diensten.",
            "title_da": f"{title} (da)",
            "body_da": "Gør rummet mørkt og stille efter vagterne.",
            **extra,
        }
        article = article_create(editor=wim, fields=fields)
        if publish:
            article = article_publish(article=article, editor=wim, publish_at=publish_at)
        return article

    return make


@pytest.fixture
def module(theme):
    module = LearningModule.objects.create(slug="sleep", theme=theme, title_en="Sleep", published=True)
    for number in (1, 2):
        Lesson.objects.create(module=module, number=number, title_en=f"Lesson {number}", body_en=f"Text {number}")
    question = CheckQuestion.objects.create(module=module, number=1, text_en="Dark or light?", explanation_en="Dark.")
    CheckChoice.objects.create(question=question, text_en="Dark", correct=True, order=0)
    CheckChoice.objects.create(question=question, text_en="Light", correct=False, order=1)
    return module


def later(days=1):
    return timezone.now() + dt.timedelta(days=days)


__all__ = ["Article", "later"]
