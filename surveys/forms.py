import secrets

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.i18n import pick

from .engine import Instrument
from .services import REMINDER_WEEKS


def option_value(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class SelfTestForm(forms.Form):
    """One radio group per item. Answers travel only in the POST body, never in a URL."""

    attempt = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, instrument: Instrument, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.language = language
        if not self.is_bound:
            self.initial.setdefault("attempt", secrets.token_urlsafe(16))
        for item in instrument.items:
            self.fields[item.key] = forms.ChoiceField(
                label=pick(item.text, language),
                choices=[(option_value(o.value), pick(o.label, language)) for o in item.scale.options],
                widget=forms.RadioSelect,
                required=item.required,
                error_messages={
                    "required": _("Please choose an answer to this question."),
                    "invalid_choice": _("Please choose one of the answers shown."),
                },
            )

    def answers(self) -> dict[str, str]:
        return {
            item.key: self.cleaned_data[item.key] for item in self.instrument.items if self.cleaned_data.get(item.key)
        }

    def questions(self):
        """What the template needs per question: number, text, options with their checked state."""
        total = len(self.instrument.items)
        current = self.data if self.is_bound else self.initial
        for index, item in enumerate(self.instrument.items, 1):
            chosen = current.get(item.key, "")
            yield {
                "key": item.key,
                "number": index,
                "total": total,
                "text": pick(item.text, self.language),
                "required": item.required,
                "errors": self.errors.get(item.key, []) if self.is_bound else [],
                "options": [
                    {
                        "value": option_value(o.value),
                        "label": pick(o.label, self.language),
                        "checked": option_value(o.value) == chosen,
                        "id": f"{item.key}-{position}",
                    }
                    for position, o in enumerate(item.scale.options)
                ],
            }


def _weeks_label(weeks: int) -> str:
    return gettext("%(weeks)s weeks") % {"weeks": weeks}


weeks_label = lazy(_weeks_label, str)  # translated when shown, not when this module is imported


class ReminderForm(forms.Form):
    weeks = forms.TypedChoiceField(
        label=_("Remind me in"),
        coerce=int,
        choices=[(w, weeks_label(w)) for w in REMINDER_WEEKS],
        initial=4,
        widget=forms.RadioSelect,
    )
