import datetime as dt

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganisationUnit
from core.forms import LengthMessageMixin, ModelMultipleChoiceField
from surveys.engine.model import pick

from .models import Campaign, Measure
from .questionnaire import part_choices
from .services import campaign_date_limits, measure_due_limits


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CampaignForm(LengthMessageMixin, forms.ModelForm):
    parts = forms.MultipleChoiceField(
        label=_("Questionnaire"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The COPSOQ scales and the organisation's own questions; choose one or both."),
    )
    units = ModelMultipleChoiceField(
        label=_("Population"),
        queryset=OrganisationUnit.objects.order_by("path"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Everyone in these units and below them is invited. Membership is fixed at launch."),
    )
    reminder_dates = forms.CharField(
        label=_("Reminder dates"),
        required=False,
        max_length=500,
        help_text=_("Dates as YYYY-MM-DD, separated by commas. Only people who have not answered get a reminder."),
    )

    class Meta:
        model = Campaign
        fields = [
            "name",
            "parts",
            "free_text",
            "units",
            "opens_on",
            "closes_on",
            "reminder_dates",
            "min_group",
            "min_group_health",
        ]
        widgets = {"opens_on": DateInput(), "closes_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parts"].choices = part_choices(get_language() or "en")
        if self.instance.pk:
            self.initial["reminder_dates"] = ", ".join(self.instance.reminder_dates)

    def _clean_campaign_date(self, name):
        day = self.cleaned_data[name]
        earliest, latest = campaign_date_limits()
        if not earliest <= day <= latest:
            raise forms.ValidationError(
                _("Choose a date between %(earliest)s and %(latest)s."),
                code="out_of_range",
                params={"earliest": earliest.isoformat(), "latest": latest.isoformat()},
            )
        return day

    def clean_opens_on(self):
        return self._clean_campaign_date("opens_on")

    def clean_closes_on(self):
        return self._clean_campaign_date("closes_on")

    def clean_reminder_dates(self):
        raw = self.cleaned_data.get("reminder_dates") or ""
        found = []
        for part in [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]:
            try:
                found.append(dt.date.fromisoformat(part))
            except ValueError as exc:
                raise forms.ValidationError(
                    _("“%(value)s” is not a date like 2026-12-01."), params={"value": part}
                ) from exc
        return sorted({d.isoformat() for d in found})

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes:
            if closes < opens:
                self.add_error("closes_on", _("The closing date must be on or after the opening date."))
            for day in data.get("reminder_dates") or []:
                if not opens <= dt.date.fromisoformat(day) <= closes:
                    self.add_error(
                        "reminder_dates", _("Reminder dates must fall between the opening and closing dates.")
                    )
                    break
        low, high = data.get("min_group"), data.get("min_group_health")
        if low and high and high < low:
            self.add_error("min_group_health", _("The health minimum cannot be smaller than the other minimum."))
        return data


class AnswerForm(forms.Form):
    """One part of the questionnaire: every item optional (people may skip a question)."""

    def __init__(self, *args, part, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.part = part
        for item in part.items:
            choices = [(_value(o.value), pick(o.label, language)) for o in item.scale.options]
            self.fields[item.key] = forms.ChoiceField(
                label=f"{item.number}. {pick(item.text, language)}",
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
            )


def _value(number) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


class CommentForm(LengthMessageMixin, forms.Form):
    comment = forms.CharField(
        label=_("Anything else you want to say about your work? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Please do not name or describe anyone, yourself included. Comments are shown only for groups "
            "of at least %(n)d people, shuffled and separate from the scores."
        ),
    )

    def __init__(self, *args, minimum=10, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].help_text = self.fields["comment"].help_text % {"n": minimum}


class MeasureForm(LengthMessageMixin, forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["scale", "action", "owner", "due_on", "status"]
        widgets = {"due_on": DateInput(), "action": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, scale_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scale"] = forms.ChoiceField(label=_("Burden or risk"), choices=scale_choices)

    def clean_due_on(self):
        due = self.cleaned_data["due_on"]
        earliest, latest = measure_due_limits()
        if not earliest <= due <= latest:
            raise forms.ValidationError(
                _("Choose a due date between %(earliest)s and %(latest)s."),
                code="out_of_range",
                params={"earliest": earliest.isoformat(), "latest": latest.isoformat()},
            )
        return due
