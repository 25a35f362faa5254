import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core import phones
from core.forms import LengthMessageMixin, ModelMultipleChoiceField

from .models import (
    ALIAS_MAX_LENGTH,
    DESTINATION_MAX_LENGTH,
    LANGUAGE_NAMES,
    NOTE_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    SESSION_NOTE_MAX_LENGTH,
    TALK_MINUTES_MAX,
    TALK_MINUTES_MIN,
    AppointmentType,
    AvailabilityException,
    AvailabilityWindow,
    Booking,
    Location,
    Mode,
    Psychologist,
    WaitListEntry,
)
from .services.availability import PLANNING_SPAN
from .services.deployments import DEPLOYMENT_MAX_DAYS, DEPLOYMENT_START_SPAN

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def navigation_limits(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or timezone.localdate()
    return today - PLANNING_SPAN, today + PLANNING_SPAN


def clean_planning_date(day: dt.date | None) -> dt.date | None:
    """Days of availability and absence: within the span the agenda can show."""
    earliest, latest = navigation_limits()
    if day is not None and not earliest <= day <= latest:
        raise forms.ValidationError(
            _("Choose a date between %(earliest)s and %(latest)s."),
            code="out_of_range",
            params={"earliest": earliest.isoformat(), "latest": latest.isoformat()},
        )
    return day


def clean_navigation_date(day: dt.date | None) -> dt.date | None:
    earliest, latest = navigation_limits()
    if day is not None and not earliest <= day <= latest:
        raise forms.ValidationError(
            _("Choose a date between %(earliest)s and %(latest)s. Showing today instead."),
            code="out_of_range",
            params={"earliest": earliest.isoformat(), "latest": latest.isoformat()},
        )
    return day


def clean_talk_minutes(minutes: int) -> int:
    """How long an appointment is: within the limits of models.py."""
    if not TALK_MINUTES_MIN <= minutes <= TALK_MINUTES_MAX:
        raise forms.ValidationError(
            _("Between %(min)s and %(max)s minutes."), params={"min": TALK_MINUTES_MIN, "max": TALK_MINUTES_MAX}
        )
    return minutes


def language_choices(codes):
    return [("", _("Any language"))] + [(code, LANGUAGE_NAMES.get(code, code)) for code in codes]


class SlotFilterForm(forms.Form):
    """The filters above the week view (GET). Unknown values are ignored, never an error page."""

    language = forms.ChoiceField(label=_("Language"), required=False)
    mode = forms.ChoiceField(label=_("How"), required=False, choices=[("", _("Any way"))] + list(Mode.choices))
    location = forms.ModelChoiceField(
        label=_("Location"), required=False, queryset=Location.objects.all(), empty_label=_("Any location")
    )
    date = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    psychologist = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices(languages)

    def clean_date(self):
        return clean_navigation_date(self.cleaned_data["date"])

    def cleaned_or_empty(self) -> dict:
        if self.is_valid():
            return self.cleaned_data
        return {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}


class BookingForm(LengthMessageMixin, forms.Form):
    """Choose one of the psychologists free at this time; for a phone call, the number to call.

    The number field is there only when a phone call is among the choices, and a phone call
    is booked only with a number: without one, nobody could call.
    """

    slot = forms.TypedChoiceField(label=_("With"), coerce=int, widget=forms.RadioSelect)
    call_number = forms.CharField(
        label=_("Your phone number, for a phone call"),
        required=False,
        max_length=PHONE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    note = forms.CharField(
        label=_("Anything the psychologist should know beforehand? (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, slots=(), regions: tuple[str, ...] = phones.regions_for(), **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = regions
        self.slots = {slot.pk: slot for slot in slots}
        self.fields["slot"].choices = [(slot.pk, str(slot.pk)) for slot in slots]
        if len(self.slots) == 1:
            self.fields["slot"].initial = next(iter(self.slots))
        self.offers_call = any(slot.mode == Mode.PHONE for slot in slots)
        self.only_calls = bool(slots) and all(slot.mode == Mode.PHONE for slot in slots)
        if not self.offers_call:
            del self.fields["call_number"]

    def clean_call_number(self):
        return phones.number_normalise(self.cleaned_data["call_number"], regions=self.regions)

    def clean(self):
        data = super().clean()
        slot = self.slots.get(data.get("slot"))
        if (
            slot is not None
            and slot.mode == Mode.PHONE
            and not data.get("call_number")
            and "call_number" in self.fields
        ):
            if not self.has_error("call_number"):
                self.add_error(
                    "call_number",
                    _(
                        "We need a number to call you on: without one we cannot offer a phone call. "
                        "Add your number, or choose a time by video or in person."
                    ),
                )
        return data

    def chosen_slot(self):
        return self.slots[self.cleaned_data["slot"]]

    def number_to_call(self) -> str:
        """The number to call (E.164) if the chosen time is a phone call, else nothing."""
        if self.chosen_slot().mode != Mode.PHONE:
            return ""
        return self.cleaned_data.get("call_number", "")


class RescheduleForm(BookingForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["note"]


class OpenBookingForm(BookingForm):
    alias = forms.CharField(
        label=_("What may the psychologist call you?"),
        max_length=ALIAS_MAX_LENGTH,
        help_text=_("Any first name or nickname. Not your real name, if you prefer."),
    )
    field_order = ["slot", "alias", "call_number", "note"]


class ManageCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"), max_length=20, help_text=_("The code you wrote down, for example ABCD-EFGH-JKLM.")
    )


# The wait-list form carries the week's filters in hidden fields: only a changed form is wrong.
NOT_RIGHT = _("Something in the form was not right. Please try again.")


class WaitListForm(forms.Form):
    language = forms.CharField(
        required=False,
        max_length=WaitListEntry._meta.get_field("language").max_length,
        widget=forms.HiddenInput,
        error_messages={"max_length": NOT_RIGHT},
    )
    mode = forms.ChoiceField(
        required=False,
        choices=[("", "")] + list(Mode.choices),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": NOT_RIGHT},
    )
    location = forms.ModelChoiceField(
        required=False,
        queryset=Location.objects.all(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": NOT_RIGHT},
    )


class AgendaForm(forms.Form):
    """The psychologist's agenda navigation (GET). A bad value falls back to this week."""

    view = forms.ChoiceField(required=False, choices=[("week", "week"), ("day", "day")])
    date = forms.DateField(required=False)

    def clean_date(self):
        return clean_navigation_date(self.cleaned_data["date"])


class DeploymentForm(LengthMessageMixin, forms.Form):
    """A deployment of `employee` (for the officer's form: the person its e-mail address names)."""

    destination = forms.CharField(
        label=_("Where"), max_length=DESTINATION_MAX_LENGTH, help_text=_("For example: Nuuk, Greenland.")
    )
    starts_on = forms.DateField(label=_("First day"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE_INPUT)
    time_zone = forms.ChoiceField(
        label=_("Time zone there"), choices=[(tz, tz) for tz in settings.PORTAL_TIME_ZONES], initial="America/Nuuk"
    )

    def __init__(self, *args, employee=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.employee = employee

    def clean_starts_on(self):
        starts_on = self.cleaned_data["starts_on"]
        today = timezone.localdate()
        if not today - DEPLOYMENT_START_SPAN <= starts_on <= today + DEPLOYMENT_START_SPAN:
            raise forms.ValidationError(_("Choose a first day within two years of today."), code="out_of_range")
        return starts_on

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on"):
            if data["ends_on"] < data["starts_on"]:
                self.add_error("ends_on", _("The last day must be on or after the first day."))
            elif (data["ends_on"] - data["starts_on"]).days > DEPLOYMENT_MAX_DAYS:
                self.add_error("ends_on", _("A deployment can last at most three years."))
        return data


class DeploymentForOtherForm(DeploymentForm):
    employee_email = forms.EmailField(label=_("Employee's e-mail address"))
    field_order = ["employee_email", "destination", "starts_on", "ends_on", "time_zone"]

    def clean_employee_email(self):
        email = self.cleaned_data["employee_email"].strip().lower()
        employee = User.objects.filter(email=email, is_active=True).first()
        if employee is None:
            raise forms.ValidationError(_("No active account has this e-mail address."))
        self.employee = employee
        return email


class ProfileForm(LengthMessageMixin, forms.ModelForm):
    """Validated here, saved by `services.psychologist_profile_save` (never `form.save()`)."""

    language_list = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=list(LANGUAGE_NAMES.items()),
        widget=forms.CheckboxSelectMultiple,
    )

    video_link = forms.URLField(
        label=_("video link"),
        required=False,
        max_length=Psychologist._meta.get_field("video_link").max_length,
        assume_scheme="https",
        help_text=_("The room employees join for video calls."),
    )

    class Meta:
        model = Psychologist
        fields = [
            "offers_video",
            "offers_phone",
            "offers_in_person",
            "locations",
            "video_link",
            "phone",
            "time_zone",
        ]
        field_classes = {"locations": ModelMultipleChoiceField}
        widgets = {
            "locations": forms.CheckboxSelectMultiple,
            "time_zone": forms.Select(choices=[(tz, tz) for tz in settings.PORTAL_TIME_ZONES]),
        }

    field_order = ["language_list"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language_list"].initial = self.instance.language_codes

    def profile(self) -> dict:
        """What a valid form says, as `services.psychologist_profile_save` takes it."""
        data = dict(self.cleaned_data)
        return {"languages": data.pop("language_list"), **data}

    def clean(self):
        data = super().clean()
        if not (data.get("offers_video") or data.get("offers_phone") or data.get("offers_in_person")):
            raise forms.ValidationError(_("Offer at least one way of talking."))
        if data.get("offers_video") and not data.get("video_link"):
            self.add_error("video_link", _("Add the link of your video room to offer video calls."))
        return data


class WindowForm(forms.ModelForm):
    class Meta:
        model = AvailabilityWindow
        fields = [
            "weekday",
            "start_time",
            "end_time",
            "slot_minutes",
            "mode",
            "location",
            "appointment_types",
            "valid_from",
            "valid_until",
        ]
        field_classes = {"appointment_types": ModelMultipleChoiceField}
        widgets = {
            "start_time": TIME_INPUT,
            "end_time": TIME_INPUT,
            "appointment_types": forms.CheckboxSelectMultiple,
            "valid_from": DATE_INPUT,
            "valid_until": DATE_INPUT,
        }

    def __init__(self, *args, psychologist=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appointment_types"].queryset = AppointmentType.objects.filter(active=True)
        self.fields["slot_minutes"].widget.attrs.update(min=TALK_MINUTES_MIN, max=TALK_MINUTES_MAX)
        if psychologist is not None:
            # A profile not saved yet (access.psychologist_for_user) has no locations.
            locations = psychologist.locations.all() if psychologist.pk is not None else Location.objects.none()
            self.fields["location"].queryset = locations
            self.fields["mode"].choices = [(m, label) for m, label in Mode.choices if m in psychologist.modes]

    def clean_slot_minutes(self):
        return clean_talk_minutes(self.cleaned_data["slot_minutes"])

    def clean_valid_from(self):
        return clean_planning_date(self.cleaned_data["valid_from"])

    def clean_valid_until(self):
        return clean_planning_date(self.cleaned_data["valid_until"])

    def _post_clean(self):
        # The service validates and creates the window; the model's own checks would
        # run against an incomplete instance here.
        pass


class AbsenceForm(forms.ModelForm):
    class Meta:
        model = AvailabilityException
        fields = ["start_date", "end_date", "kind"]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}

    def clean_start_date(self):
        return clean_planning_date(self.cleaned_data["start_date"])

    def clean_end_date(self):
        return clean_planning_date(self.cleaned_data["end_date"])

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("The last day must be on or after the first day."))
        return data


CHOOSE_OUTCOME = _("Choose whether the talk took place.")


class MarkForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Did the talk take place?"),
        error_messages={"required": CHOOSE_OUTCOME, "invalid_choice": CHOOSE_OUTCOME},
        choices=[
            (Booking.Status.COMPLETED, _("Yes, it took place")),
            (Booking.Status.NO_SHOW, _("No, they did not come")),
        ],
        widget=forms.RadioSelect,
    )


class NoteForm(LengthMessageMixin, forms.Form):
    text = forms.CharField(
        label=_("Short note"),
        max_length=SESSION_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("The note is empty.")},
    )


class FollowUpForm(forms.Form):
    appointment_type = forms.ModelChoiceField(label=_("Kind of talk"), queryset=AppointmentType.objects.none())
    slot = forms.TypedChoiceField(label=_("Time (to book it now)"), coerce=int, required=False)
    action = forms.ChoiceField(
        choices=[("suggest", _("Invite them to book")), ("book", _("Book this time"))], widget=forms.HiddenInput
    )

    def __init__(self, *args, slots=(), time_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appointment_type"].queryset = AppointmentType.objects.filter(active=True)
        self.slots = {slot.pk: slot for slot in slots}
        label = time_label or (lambda slot: str(slot.starts_at))
        self.fields["slot"].choices = [("", _("Choose a time"))] + [(s.pk, label(s)) for s in slots]

    def clean(self):
        data = super().clean()
        if data.get("action") == "book" and not data.get("slot"):
            self.add_error("slot", _("Choose a time to book."))
        return data


class AppointmentTypeForm(LengthMessageMixin, forms.ModelForm):
    class Meta:
        model = AppointmentType
        fields = [
            "slug",
            "name_en",
            "name_nl",
            "name_da",
            "description_en",
            "description_nl",
            "description_da",
            "duration_minutes",
            "bookable_by",
            "units",
            "allows_open_consultation",
            "is_deployment_talk",
            "active",
            "order",
        ]
        field_classes = {"units": ModelMultipleChoiceField}
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 2}),
            "description_nl": forms.Textarea(attrs={"rows": 2}),
            "description_da": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_duration_minutes(self):
        return clean_talk_minutes(self.cleaned_data["duration_minutes"])

    def clean(self):
        data = super().clean()
        if data.get("bookable_by") == AppointmentType.BookableBy.UNITS and not data.get("units"):
            self.add_error("units", _("Choose the units whose staff may book."))
        return data
