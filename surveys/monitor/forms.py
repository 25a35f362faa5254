import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganisationUnit
from core.forms import LengthMessageMixin, ModelMultipleChoiceField
from core.i18n import active_language, pick

from .models import (
    COMMENT_MAX_LENGTH,
    MEASURE_DUE_OUT_OF_RANGE,
    Campaign,
    Measure,
    campaign_date_limits,
    measure_due_limits,
)
from .questionnaire import part_choices

CAMPAIGN_DATE_OUT_OF_RANGE = _("Choose a date between %(earliest)s and %(latest)s.")


def _within(day: dt.date, limits: tuple[dt.date, dt.date], message) -> dt.date:
    """`day`, or a field error naming the first and last day allowed (the limits of the model)."""
    earliest, latest = limits
    if not earliest <= day <= latest:
        raise forms.ValidationError(
            message, code="out_of_range", params={"earliest": earliest.isoformat(), "latest": latest.isoformat()}
        )
    return day


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateListWidget(forms.Widget):
    """Several date pickers under one name: the saved dates plus empty ones, so that a
    wellbeing officer can add reminder dates without JavaScript."""

    template_name = "surveys/monitor/widgets/date_list.html"

    def __init__(self, *, slots: int = 3, attrs=None):
        super().__init__(attrs)
        self.slots = slots

    def value_from_datadict(self, data, files, name):
        if hasattr(data, "getlist"):
            return data.getlist(name)
        value = data.get(name)
        return value if isinstance(value, list) else ([value] if value else [])

    def value_omitted_from_data(self, data, files, name):
        return False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        values = [v for v in (value if isinstance(value, list | tuple) else [value]) if v]
        values += [""] * max(self.slots - len(values), 1)
        base = context["widget"]["attrs"].get("id", f"id_{name}")
        context["widget"]["dates"] = [
            {"id": f"{base}_{index}", "value": value, "number": index + 1} for index, value in enumerate(values)
        ]
        return context


class DateListField(forms.Field):
    widget = DateListWidget

    def to_python(self, value):
        found = []
        for part in [str(v).strip() for v in (value or []) if str(v).strip()]:
            try:
                found.append(dt.date.fromisoformat(part))
            except ValueError as exc:
                raise forms.ValidationError(
                    _("“%(value)s” is not a date like 2026-12-01."), params={"value": part}
                ) from exc
        return sorted({d.isoformat() for d in found})


class CampaignForm(LengthMessageMixin, forms.ModelForm):
    parts = forms.MultipleChoiceField(
        label=_("Questionnaire"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The COPSOQ scales and the organisation's own questions; choose one or both."),
    )
    units = ModelMultipleChoiceField(
        label=_("Population"),
        queryset=OrganisationUnit.objects.order_by("path"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everyone in these units and below them is invited. Membership is fixed at launch."),
    )
    reminder_dates = DateListField(
        label=_("Reminder dates"),
        required=False,
        help_text=_(
            "Only people who have not answered get a reminder. Leave a date empty if you need fewer; "
            "save to get room for more."
        ),
    )

    class Meta:
        model = Campaign
        fields = [
            "name",
            "name_nl",
            "name_da",
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
        self.fields["parts"].choices = part_choices(active_language())
        if self.instance.pk:
            self.initial["reminder_dates"] = list(self.instance.reminder_dates)

    def unit_tree(self) -> list[dict]:
        """The organisation as nested nodes for the population checkboxes (one query):
        each node with its unit, whether it is checked, its children, and whether its
        children start open (the top two levels, and wherever something is checked)."""
        checked = {str(v) for v in (self["units"].value() or [])}
        roots, stack = [], []
        for unit in self.fields["units"].queryset:
            node = {"unit": unit, "checked": str(unit.pk) in checked, "children": [], "open": unit.depth <= 1}
            while stack and not unit.path.startswith(stack[-1]["unit"].path):
                stack.pop()
            (stack[-1]["children"] if stack else roots).append(node)
            stack.append(node)

        def mark(node) -> bool:
            below = any([mark(child) for child in node["children"]])
            node["open"] = node["open"] or below
            return node["checked"] or below

        for root in roots:
            mark(root)
        return roots

    def clean_opens_on(self):
        return _within(self.cleaned_data["opens_on"], campaign_date_limits(), CAMPAIGN_DATE_OUT_OF_RANGE)

    def clean_closes_on(self):
        return _within(self.cleaned_data["closes_on"], campaign_date_limits(), CAMPAIGN_DATE_OUT_OF_RANGE)

    def clean(self):
        data = super().clean()
        if not any(data.get(field) for field in ("name", "name_nl", "name_da")):
            self.add_error("name", _("Give the campaign a name in at least one language."))
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
    """One screen of questions: every item optional (people may skip a question). Items are
    numbered across the whole questionnaire, as the progress line counts them."""

    def __init__(self, *args, screen, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.screen = screen
        for number, item in enumerate(screen.items, start=screen.first):
            choices = [(_value(o.value), pick(o.label, language)) for o in item.scale.options]
            self.fields[item.key] = forms.ChoiceField(
                label=f"{number}. {pick(item.text, language)}",
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
        max_length=COMMENT_MAX_LENGTH,
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
        return _within(self.cleaned_data["due_on"], measure_due_limits(), MEASURE_DUE_OUT_OF_RANGE)
