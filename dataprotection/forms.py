import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DECLINE_REASON_MAX_LENGTH, REASON_MAX_LENGTH


class ErasureAskForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the people who handle the request read it. No need to write about your health."),
    )
    close_account = forms.BooleanField(
        label=_("Also close my account"),
        required=False,
        help_text=_("You will no longer be able to log in. Your organisation can open a new account later."),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it declined?"),
        max_length=DECLINE_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person reads this. Name the duty that keeps the data."),
    )


# The audit log's dates lie within these; outside them a date would overflow a time zone.
AUDIT_FIRST_DAY = dt.date(2000, 1, 1)
AUDIT_LAST_DAY = dt.date(2999, 12, 31)


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    actor = forms.CharField(label=_("Who (e-mail)"), required=False, max_length=254)
    subject = forms.CharField(label=_("About whom (e-mail)"), required=False, max_length=254)
    action = forms.CharField(label=_("Action"), required=False, max_length=60)

    def _in_range(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not (AUDIT_FIRST_DAY <= value <= AUDIT_LAST_DAY):
            raise forms.ValidationError(
                _("Choose a date between %(first)s and %(last)s.") % {"first": AUDIT_FIRST_DAY, "last": AUDIT_LAST_DAY}
            )
        return value

    def clean_date_from(self):
        return self._in_range("date_from")

    def clean_date_to(self):
        return self._in_range("date_to")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(_("The end date is before the start date."))
        return cleaned
