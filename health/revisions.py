"""The revisions of an article as the editor reads them: who, when, why, and what changed."""

from django.conf import settings

from .models import Article

LANGUAGE_NAMES = dict(settings.LANGUAGES)
# modeltranslation keeps the untranslated column beside `<field>_<language>`; it mirrors one
# of them, so a change is reported once, by its language.
MIRRORED = {"title", "summary", "body", "image_alt"}


def _field_label(name: str) -> str:
    base, _sep, code = name.rpartition("_")
    if code in LANGUAGE_NAMES and base:
        return f"{Article._meta.get_field(base).verbose_name} ({LANGUAGE_NAMES[code]})"
    return str(Article._meta.get_field(name).verbose_name)


def revisions_of(article: Article) -> list[dict]:
    """Newest first. One query: the changes are found by comparing each revision with the
    one before it in Python (simple-history's `prev_record` would ask once per row)."""
    records = list(article.history.select_related("history_user").order_by("-history_date", "-history_id"))
    rows = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changed = []
        if previous is not None:
            delta = record.diff_against(previous)
            changed = [_field_label(c.field) for c in delta.changes if c.field not in MIRRORED]
        rows.append({"record": record, "changed": changed, "first": previous is None, "latest": index == 0})
    return rows
