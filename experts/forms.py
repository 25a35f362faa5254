from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import LengthMessageMixin

from .models import ANSWER_MAX_LENGTH, QUESTION_MAX_LENGTH, Topic


class QuestionForm(LengthMessageMixin, forms.Form):
    SHOW_NAME = "named"
    WITHOUT_NAME = "anonymous"

    topic = forms.ChoiceField(label=_("What is it about?"), choices=Topic.choices)
    text = forms.CharField(
        label=_("Your question"),
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write your question.")},
    )
    name_choice = forms.ChoiceField(
        label=_("Your name"),
        choices=[
            (SHOW_NAME, _("Show my name to the psychologists")),
            (WITHOUT_NAME, _("Ask without my name")),
        ],
        initial=WITHOUT_NAME,
        widget=forms.RadioSelect,
    )
    consent_to_publish = forms.BooleanField(
        label=_("You may publish my question and the answer without anything that could identify me."),
        required=False,
    )

    def clean_text(self):
        return self.cleaned_data["text"].strip()

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "topic": data["topic"],
            "text": data["text"],
            "show_name": data["name_choice"] == self.SHOW_NAME,
            "consent_to_publish": data["consent_to_publish"],
        }


class ConsentForm(forms.Form):
    consent = forms.BooleanField(required=False)


class AnswerForm(LengthMessageMixin, forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("Write an answer.")},
    )


class ArticleForm(LengthMessageMixin, forms.Form):
    question_text = forms.CharField(
        label=_("The question as it will be published"),
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    answer_text = forms.CharField(
        label=_("The answer as it will be published"),
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    language = forms.ChoiceField(label=_("Language of the article"), choices=settings.LANGUAGES)
    checked = forms.BooleanField(
        label=_("I have removed names, places, dates, units and anything else that could identify someone."),
        error_messages={"required": _("Confirm that you have removed everything personal.")},
    )
