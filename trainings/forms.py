import datetime as dt
import zoneinfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role

from .models import (
    CANCEL_HOURS_MAX,
    CAPACITY_MAX,
    DURATION_MAX_MINUTES,
    PLACE_MAX_LENGTH,
    RENEWAL_MONTHS_MAX,
    Course,
)


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = [
            "slug",
            "title_en",
            "title_nl",
            "title_da",
            "description_en",
            "description_nl",
            "description_da",
            "audience_en",
            "audience_nl",
            "audience_da",
            "duration_minutes",
            "delivery",
            "cancel_hours",
            "contact",
            "active",
        ]
        widgets = {f"description_{code}": forms.Textarea(attrs={"rows": 3}) for code in ("en", "nl", "da")}

    def clean_duration_minutes(self):
        value = self.cleaned_data["duration_minutes"]
        if not 15 <= value <= DURATION_MAX_MINUTES:
            raise forms.ValidationError(
                _("A duration between 15 and %(max)s minutes, please.") % {"max": DURATION_MAX_MINUTES}
            )
        return value

    def clean_cancel_hours(self):
        value = self.cleaned_data["cancel_hours"]
        if value > CANCEL_HOURS_MAX:
            raise forms.ValidationError(_("At most %(max)s hours, please.") % {"max": CANCEL_HOURS_MAX})
        return value


def _time_zone_choices():
    return [(name, name) for name in settings.PORTAL_TIME_ZONES]


class SessionForm(forms.Form):
    """Date and time as read on the clock of the session's own time zone."""

    starts_at = forms.DateTimeField(
        label=_("Starts (date and time)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=_time_zone_choices)
    place = forms.CharField(label=_("Place"), max_length=PLACE_MAX_LENGTH, required=False)
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=CAPACITY_MAX)
    trainer = forms.ModelChoiceField(label=_("Trainer"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["trainer"].queryset = (
            get_user_model().objects.filter(groups__name=Role.TRAINER, is_active=True).order_by("first_name")
        )

    def clean(self):
        data = super().clean()
        starts, zone = data.get("starts_at"), data.get("time_zone")
        if starts is not None and zone:
            naive = timezone.make_naive(starts) if timezone.is_aware(starts) else starts
            try:
                data["starts_at"] = timezone.make_aware(naive, zoneinfo.ZoneInfo(zone)).astimezone(dt.UTC)
            except (ValueError, OverflowError):
                self.add_error("starts_at", _("Please give a date and time that exist."))
        if not data.get("place", "").strip() and not data.get("video_link", "").strip():
            raise forms.ValidationError(_("Please give a place or a video link."))
        return data


class RequirementForm(forms.Form):
    role = forms.ChoiceField(label=_("Required for"), choices=Role.choices)
    renewal_months = forms.IntegerField(
        label=_("Renew every (months)"),
        min_value=1,
        max_value=RENEWAL_MONTHS_MAX,
        required=False,
        help_text=_("Leave empty when once is enough."),
    )


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(label=_("Came"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, enrolments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(str(e.user_id), e.user.get_full_name() or e.user.email) for e in enrolments]

    def clean(self):
        data = super().clean()
        data["attended_ids"] = [int(pk) for pk in data.pop("attended", [])]
        return data
