from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from core import phones

from .models import OrganisationUnit, User
from .roles import Role

# Who may be alerted when on duty (and so is asked for a number): supporters and coordinators.
ALERTED_PERMISSIONS = ("accounts.work_support_queue", "accounts.coordinate_support")


def language_choices() -> list[tuple[str, str]]:
    """Where someone chooses a language, each one is named in itself ("Dansk", never "Danish"
    or "Deens"), as in the header's switch: whoever cannot read the page still finds their own.
    Where the portal talks about a language in a sentence, it names it in the page's language."""
    return [(code, capfirst(get_language_info(code)["name_local"])) for code, _name in settings.LANGUAGES]


class LanguageSelect(forms.Select):
    """Marks each option with its language, so that a screen reader says "Dansk" in Danish."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language", "time_zone", "quiet_hours_start", "quiet_hours_end", "alert_phone"]
        widgets = {
            "language": LanguageSelect,
            "alert_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
            "quiet_hours_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_hours_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()
        if not any(self.instance.has_perm(name) for name in ALERTED_PERMISSIONS):
            del self.fields["alert_phone"]  # nobody alerts an employee: nothing to ask

    def clean_alert_phone(self):
        number = phones.number_normalise(
            self.cleaned_data.get("alert_phone", ""), regions=phones.regions_for_user(self.instance)
        )
        if number and not phones.is_mobile(number):
            raise forms.ValidationError(_("Text messages need a mobile number. Please give your mobile number."))
        return number

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("quiet_hours_start"), cleaned.get("quiet_hours_end")
        if (start is None) != (end is None):
            raise forms.ValidationError(_("Give both the start and the end of your quiet hours, or neither."))
        if start is not None and start == end:
            raise forms.ValidationError(_("Quiet hours need a different start and end time."))
        return cleaned


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=language_choices)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


# --- allauth's forms in the portal's words -------------------------------------------------------
# allauth's labels are Title Case and repeated as placeholders, its Dutch is formal, and Django's
# password help says "Uw". These subclasses only change words; every check stays allauth's.
# Wired in by ACCOUNT_FORMS and MFA_FORMS in settings.


def _password_help():
    from django.contrib.auth.password_validation import MinimumLengthValidator, get_default_password_validators

    lengths = [v.min_length for v in get_default_password_validators() if isinstance(v, MinimumLengthValidator)]
    return _(
        "At least %(length)s characters: a few words in a row make a good one, and you may paste it. "
        "Not a common or leaked password, and not like your name or e-mail address."
    ) % {"length": max(lengths, default=8)}


class _PortalWords:
    labels: dict = {}
    help_texts: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.labels.items():
            if name in self.fields:
                self.fields[name].label = label
                self.fields[name].widget.attrs.pop("placeholder", None)
        for name, help_text in self.help_texts.items():
            if name in self.fields:
                self.fields[name].help_text = help_text() if callable(help_text) else help_text


class LoginForm(_PortalWords, account_forms.LoginForm):
    labels = {"login": _("E-mail address"), "password": _("Password")}


class ReauthenticateForm(_PortalWords, account_forms.ReauthenticateForm):
    labels = {"password": _("Password")}


class ResetPasswordForm(_PortalWords, account_forms.ResetPasswordForm):
    labels = {"email": _("E-mail address")}


class ResetPasswordKeyForm(_PortalWords, account_forms.ResetPasswordKeyForm):
    labels = {"password1": _("New password"), "password2": _("New password, once more")}
    help_texts = {"password1": _password_help}


class ChangePasswordForm(_PortalWords, account_forms.ChangePasswordForm):
    labels = {
        "oldpassword": _("Current password"),
        "password1": _("New password"),
        "password2": _("New password, once more"),
    }
    help_texts = {"password1": _password_help}


_CODE_LABEL = _("Code from your authenticator app")


class _CodeForm(_PortalWords):
    labels = {"code": _CODE_LABEL}
    help_texts = {
        "code": _("The six digits the app shows now. No phone at hand? Type one of your recovery codes instead.")
    }

    @property
    def has_security_key(self) -> bool:
        from allauth.mfa.models import Authenticator

        return Authenticator.objects.filter(user=self.user, type=Authenticator.Type.WEBAUTHN).exists()


class MFAAuthenticateForm(_CodeForm, mfa_forms.AuthenticateForm):
    pass


class MFAReauthenticateForm(_CodeForm, mfa_forms.ReauthenticateForm):
    pass


class ActivateTOTPForm(_PortalWords, totp_forms.ActivateTOTPForm):
    labels = {"code": _CODE_LABEL}
    help_texts = {"code": _("The six digits the app shows for the portal, once you have added it.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "one-time-code"})


def _codes(value: str) -> list[str]:
    return [code.strip() for code in (value or "").split("|") if code.strip()]


ACTIVE_VALUES = {"", "1", "true", "yes"}
INACTIVE_VALUES = {"0", "false", "no"}


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
    # Empty or 1: the account is open; 0: the person has left and the account is closed.
    active = forms.CharField(required=False)

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

    def clean_active(self):
        value = self.cleaned_data["active"].strip().lower()
        if value in ACTIVE_VALUES:
            return True
        if value in INACTIVE_VALUES:
            return False
        raise forms.ValidationError(_("Write 1 for an open account or 0 for someone who has left."))

    def clean_managed_unit_codes(self):
        codes = _codes(self.cleaned_data["managed_unit_codes"])
        missing = [code for code in codes if code not in self.units]
        if missing:
            raise forms.ValidationError(
                _("There is no unit with the code(s) %(codes)s."), params={"codes": ", ".join(missing)}
            )
        # None leaves the managed units as they are; only a listed code changes them.
        return [self.units[code] for code in codes] if codes else None
