"""One way to pick a text in the reader's language.

Texts that come with the data (instruments, protocols, campaign names, appointment types)
are stored either as a dict {"en": ..., "nl": ..., "da": ...} or as model fields
`<name>_en`, `<name>_nl`, `<name>_da`. Both are read here, falling back to English and then
to any language that has the text, so that a page never shows an empty label.
"""

from django.conf import settings
from django.utils import translation


def active_language() -> str:
    """The reader's language as a bare code ("nl", never "nl-nl")."""
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def pick(texts: dict | None, language: str | None = None) -> str:
    """The text in `language` (default: the reader's), else English, else any."""
    if not texts:
        return ""
    language = (language or active_language()).split("-")[0]
    return texts.get(language) or texts.get("en") or next((t for t in texts.values() if t), "")


def localised(obj, field: str, language: str | None = None) -> str:
    """`obj.<field>_<language>` with the same fallbacks as `pick`."""
    codes = [code for code, _name in settings.LANGUAGES]
    return pick({code: getattr(obj, f"{field}_{code}", "") for code in codes}, language)
