from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import OrganisationUnit, User
from .roles import Role


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language", "time_zone", "quiet_hours_start", "quiet_hours_end"]
        widgets = {
            "quiet_hours_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_hours_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("quiet_hours_start"), cleaned.get("quiet_hours_end")
        if (start is None) != (end is None):
            raise forms.ValidationError(_("Give both the start and the end of your quiet hours, or neither."))
        if start is not None and start == end:
            raise forms.ValidationError(_("Quiet hours need a different start and end time."))
        return cleaned


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=User._meta.get_field("language").choices)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


def _codes(value: str) -> list[str]:
    return [code.strip() for code in (value or "").split("|") if code.strip()]


class ImportRowForm(forms.Form):
    """One row of `import_users`: checked like a form, so a bad row is reported with its
    reason and skipped, and no value reaches the database that it would refuse."""

    email = forms.EmailField(max_length=User._meta.get_field("email").max_length)
    first_name = forms.CharField(required=False, max_length=User._meta.get_field("first_name").max_length)
    last_name = forms.CharField(required=False, max_length=User._meta.get_field("last_name").max_length)
    unit_code = forms.CharField(required=False)
    roles = forms.CharField(required=False)
    language = forms.CharField(required=False)
    managed_unit_codes = forms.CharField(required=False)

    def __init__(self, *args, units: dict[str, OrganisationUnit], **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units

    def clean_email(self):
        return self.cleaned_data["email"].lower()

    def clean_unit_code(self):
        code = self.cleaned_data["unit_code"]
        if code and code not in self.units:
            raise forms.ValidationError(_("There is no unit with the code “%(code)s”."), params={"code": code})
        return self.units.get(code)

    def clean_roles(self):
        roles = _codes(self.cleaned_data["roles"]) or [Role.EMPLOYEE.value]
        unknown = sorted(set(roles) - set(Role.values))
        if unknown:
            raise forms.ValidationError(
                _("Unknown role(s): %(roles)s. Known: %(known)s."),
                params={"roles": ", ".join(unknown), "known": ", ".join(Role.values)},
            )
        return roles

    def clean_language(self):
        language = self.cleaned_data["language"]
        codes = [code for code, _name in settings.LANGUAGES]
        if language and language not in codes:
            raise forms.ValidationError(
                _("Unknown language “%(language)s”. Known: %(known)s."),
                params={"language": language, "known": ", ".join(codes)},
            )
        return language

    def clean_managed_unit_codes(self):
        codes = _codes(self.cleaned_data["managed_unit_codes"])
        missing = [code for code in codes if code not in self.units]
        if missing:
            raise forms.ValidationError(
                _("There is no unit with the code(s) %(codes)s."), params={"codes": ", ".join(missing)}
            )
        # None leaves the managed units as they are; only a listed code changes them.
        return [self.units[code] for code in codes] if codes else None
