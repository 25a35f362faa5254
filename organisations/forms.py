import zoneinfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Organisation
from .services import EDITABLE_FIELDS


def _time_zone_choices():
    return [
        (name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name and not name.startswith("Etc/")
    ]


def _protocol_choices():
    from peer_support.models import FollowUpProtocol

    return [(p.code, p.title) for p in FollowUpProtocol.objects.order_by("name")]


class OrganisationForm(forms.ModelForm):
    """Every setting of an organisation, with the floors and limits of the model."""

    time_zone = forms.ChoiceField(label=_("Time zone"), choices=_time_zone_choices)
    languages = forms.MultipleChoiceField(
        label=_("Languages offered"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The local language comes first and is the main one; English comes last."),
    )
    default_protocol = forms.ChoiceField(label=_("Default follow-up protocol"), choices=_protocol_choices)

    class Meta:
        model = Organisation
        fields = EDITABLE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].widget.attrs.update({"maxlength": 2, "autocapitalize": "characters"})
        for name in ("emergency_number", "non_emergency_number", "crisis_line_number", "peer_support_phone"):
            self.fields[name].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})
        current = self.initial.get("default_protocol")
        if current and current not in dict(self.fields["default_protocol"].choices):
            # A protocol that was removed since it was chosen stays readable until changed.
            self.fields["default_protocol"].choices = [(current, current), *self.fields["default_protocol"].choices]

    def clean_country(self):
        return (self.cleaned_data.get("country") or "").strip().upper()

    def clean_languages(self):
        chosen = self.cleaned_data.get("languages") or []
        order = [code for code, _name in settings.LANGUAGES]
        return sorted((code for code in order if code in chosen), key=lambda code: (code == "en", order.index(code)))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("crisis_line_number") and not any(
            cleaned.get(f"crisis_line_name_{code}") for code, _name in settings.LANGUAGES
        ):
            self.add_error("crisis_line_name_en", _("Give the crisis line a name, so people know whom they call."))
        return cleaned

    def changed_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS if name in self.cleaned_data}


class OrganisationChoiceForm(forms.Form):
    """The anonymous reader's choice of organisation (which numbers to show)."""

    organisation = forms.ModelChoiceField(queryset=Organisation.objects.all(), label=_("Organisation"))
