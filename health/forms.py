import datetime as dt

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .destinations import destination_choices
from .models import IMAGE_FORMATS, IMAGE_MAX_BYTES, IMAGE_MAX_PIXELS, Article
from .selectors import SEARCH_MAX_LENGTH

LANGUAGES = settings.LANGUAGES
TRANSLATED = ("title", "summary", "body", "image_alt")
MARKDOWN_HELP = _("Markdown: **bold**, *italic*, lists with -, headings with ##, links as [text](https://...).")
ALT_HELP = _("What the image shows, for readers who cannot see it. Required with an image.")


class ArticleForm(forms.ModelForm):
    related = forms.MultipleChoiceField(
        label=_("Related offers of the portal"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Shown under the article, so that a reader finds help in one tap."),
    )

    class Meta:
        model = Article
        fields = [
            "theme",
            "kind",
            "audience",
            "slug",
            *[f"{field}_{code}" for field in TRANSLATED for code, _name in LANGUAGES],
            "image",
            "related",
            "review_at",
            "order",
        ]
        widgets = {
            "review_at": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **{f"body_{code}": forms.Textarea(attrs={"rows": 14}) for code, _name in LANGUAGES},
            **{f"summary_{code}": forms.Textarea(attrs={"rows": 2}) for code, _name in LANGUAGES},
        }
        help_texts = {
            "slug": _("The last part of the article's web address. Left empty, it is made from the English title."),
            "review_at": _(
                "On this day the wellbeing officers get an e-mail to check that the article is still right."
            ),
            **{f"body_{code}": MARKDOWN_HELP for code, _name in LANGUAGES},
            **{f"image_alt_{code}": ALT_HELP for code, _name in LANGUAGES},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["related"].choices = destination_choices()
        self.fields["slug"].required = False
        self.fields["title_en"].required = True
        self.fields["body_en"].required = True
        if self.instance.pk:
            self.initial.setdefault("related", self.instance.related)

    def language_panes(self):
        """The translated fields per language, for the editor's tabs."""
        panes = []
        for code, name in LANGUAGES:
            fields = [self[f"{field}_{code}"] for field in TRANSLATED]
            panes.append({"code": code, "name": name, "fields": fields, "has_errors": any(f.errors for f in fields)})
        return panes

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):
            if image.size > IMAGE_MAX_BYTES:
                raise forms.ValidationError(
                    _("The image is too large: at most %(megabytes)s MB.")
                    % {"megabytes": IMAGE_MAX_BYTES // (1024 * 1024)}
                )
            picture = getattr(image, "image", None)
            if picture is None or picture.format not in IMAGE_FORMATS:
                raise forms.ValidationError(_("Use a JPEG, PNG or WebP image."))
            if max(picture.size) > IMAGE_MAX_PIXELS:
                raise forms.ValidationError(
                    _("The image is too big: at most %(pixels)s pixels on its longest side.")
                    % {"pixels": IMAGE_MAX_PIXELS}
                )
        return image

    def clean(self):
        cleaned = super().clean()
        image = cleaned.get("image")
        has_image = bool(image) if image is not None else bool(self.instance.image)
        if has_image and image is not False:
            for code, name in LANGUAGES:
                if not cleaned.get(f"image_alt_{code}"):
                    self.add_error(f"image_alt_{code}", _("Describe the image in %(language)s.") % {"language": name})
        return cleaned

    def content(self) -> dict:
        """What the services take: the cleaned values by field name."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish from"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Leave empty to publish now."),
    )

    def clean_publish_at(self):
        # In the editor's time zone, the first day of year 1 is still in year 0 in UTC, which
        # no database column holds (SQLite raised OverflowError on save).
        value = self.cleaned_data["publish_at"]
        if value is not None:
            try:
                value.astimezone(dt.UTC)
            except OverflowError:
                raise forms.ValidationError(_("Please give a date and time that exist.")) from None
        return value


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the health square"), max_length=SEARCH_MAX_LENGTH, required=False)


class CheckForm(forms.Form):
    """The light check at the end of a module: one set of choices per question."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=[(choice.pk, choice.text) for choice in question.choices.all()],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer.")},
            )

    def feedback(self) -> list[dict]:
        rows = []
        for question in self.questions:
            chosen = self.cleaned_data.get(f"q{question.pk}")
            choices = list(question.choices.all())
            right = [choice for choice in choices if choice.correct]
            rows.append(
                {
                    "question": question,
                    "chosen": next((c for c in choices if c.pk == chosen), None),
                    "right": right,
                    "correct": any(c.pk == chosen for c in right),
                }
            )
        return rows
