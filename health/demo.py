"""Demo data of the health square: a few articles per theme and one learning module, in
three languages, published and written by the demo wellbeing officer. Idempotent."""

import datetime as dt

from django.utils import timezone

from accounts.models import User
from core.demo import demo_seeder

from .demo_content import ARTICLES, MODULE
from .models import Article, CheckChoice, CheckQuestion, LearningModule, Lesson, Theme

OFFICER_EMAIL = "wellbeing@demo.example"
RELATED = {
    "after-a-heavy-incident": ["peer-support", "selftest", "checkup"],
    "stress-and-recovery": ["selftest", "checkup"],
    "alcohol-and-medication": ["checkup", "open-consultation"],
}


@demo_seeder
def seed_health(*, stdout):
    from .services import article_create, article_publish

    officer = User.objects.filter(email=OFFICER_EMAIL).first()
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    now = timezone.now()
    for order, (theme_slug, slug, audience, texts) in enumerate(ARTICLES, start=1):
        if Article.objects.filter(slug=slug).exists():
            continue
        fields = {
            "theme": themes[theme_slug],
            "slug": slug,
            "kind": Article.Kind.QA if theme_slug == "questions-and-answers" else Article.Kind.ARTICLE,
            "audience": audience,
            "order": order,
            "related": RELATED.get(theme_slug, []),
            "review_at": (now + dt.timedelta(days=365)).date(),
        }
        for language, (title, summary, body) in texts.items():
            fields.update({f"title_{language}": title, f"summary_{language}": summary, f"body_{language}": body})
        article = article_create(editor=officer, fields=fields, now=now)
        article_publish(article=article, editor=officer, now=now)

    module, created = LearningModule.objects.get_or_create(
        slug=MODULE["slug"],
        defaults={
            "theme": themes[MODULE["theme"]],
            "published": True,
            **{f"{f}_{code}": text for f in ("title", "summary") for code, text in MODULE[f].items()},
        },
    )
    if not created:
        return
    for number, lesson in enumerate(MODULE["lessons"], start=1):
        Lesson.objects.create(
            module=module,
            number=number,
            **{f"title_{code}": title for code, (title, _body) in lesson.items()},
            **{f"body_{code}": body for code, (_title, body) in lesson.items()},
        )
    for number, question in enumerate(MODULE["questions"], start=1):
        row = CheckQuestion.objects.create(
            module=module,
            number=number,
            **{f"text_{code}": text for code, text in question["text"].items()},
            **{f"explanation_{code}": text for code, text in question["explanation"].items()},
        )
        for index, (texts, correct) in enumerate(question["choices"]):
            CheckChoice.objects.create(
                question=row, order=index, correct=correct, **{f"text_{code}": t for code, t in texts.items()}
            )
    stdout.write("Health square: articles and a learning module.")
