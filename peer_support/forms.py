from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganisationUnit
from core import phones
from core.choices import Weekday
from core.errors import DomainError
from core.forms import LengthMessageMixin, ModelMultipleChoiceField

from .access import meeting_leaders_for
from .models import (
    DutyKind,
    DutyPattern,
    FollowUpProtocol,
    GroupMeeting,
    IncidentLogEntry,
    IncidentType,
    Referral,
    ReflectionFramework,
    SupportRequest,
)
from .models.incidents import INCIDENT_DESCRIPTION_MAX_LENGTH, PLACE_MAX_LENGTH, SHARED_SCORE_MAX
from .models.log import LOG_TEXT_MAX_LENGTH
from .models.reflection import EVERY_WEEKS_MAX, OCCURRENCES_MAX
from .models.requests import (
    CASE_NOTE_MAX_LENGTH,
    CONTACT_DETAIL_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    PEER_MESSAGE_MAX_LENGTH,
    PREFERRED_TIMES_MAX_LENGTH,
    SUPPORT_PERSON_NAME_MAX_LENGTH,
    SUPPORT_PERSON_PHONE_MAX_LENGTH,
)
from .models.rota import ABSENCE_NOTE_MAX_LENGTH, HAND_BACK_REASON_MAX_LENGTH
from .services import incident_earliest, planned_moment_check

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


def clean_planned_moment(value):
    """A meeting or check-in: the services' rule (in the future, within the year they plan
    for), said next to the field."""
    try:
        planned_moment_check(moment=value, now=timezone.now())
    except DomainError as error:
        raise forms.ValidationError(error.message) from None
    return value


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=LOCAL_INPUT, **kwargs)


class ContactChoiceMixin:
    """How to reach the person. A phone call promised is a number to call: required then,
    checked with `phonenumbers` in the region of the person's language and kept as E.164.
    Nothing is preselected, so nobody is promised a call they did not choose."""

    def _contact_fields_set_up(self, language: str | None, initial: dict | None):
        self.language = language
        # Only what the view passes (a number the person gave before), never the model's default.
        self.initial["contact_method"] = (initial or {}).get("contact_method")
        method = self.fields["contact_method"]
        method.error_messages["required"] = _("Choose how you would like to be contacted.")
        detail = self.fields["contact_detail"]
        detail.label = _("Phone number or chat name")
        detail.help_text = _(
            "Needed for a phone call, for example %(example)s. For a video call, a chat or a meeting in person "
            "you may leave it empty: we then use the e-mail address of your account."
        ) % {"example": phones.number_example(language)}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("contact_method") != SupportRequest.Contact.PHONE:
            return cleaned
        detail = (cleaned.get("contact_detail") or "").strip()
        if not detail:
            self.add_error("contact_detail", _("Give the number we should call you on."))
            return cleaned
        try:
            regions = phones.regions_for(language=self.language)
            cleaned["contact_detail"] = phones.number_normalise(detail, regions=regions)
        except ValidationError:
            self.add_error(
                "contact_detail",
                _("This is not a phone number we can call. Write it like %(example)s.")
                % {"example": phones.number_example(self.language)},
            )
        return cleaned


class SupportRequestForm(ContactChoiceMixin, LengthMessageMixin, forms.ModelForm):
    # Declared here: a first message to a peer is shorter than the model allows for other routes
    # (and a max_length set after the field is made would not be checked).
    message = forms.CharField(
        label=_("Anything you want to say first (optional)"),
        required=False,
        max_length=PEER_MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = SupportRequest
        fields = [
            "urgency",
            "contact_method",
            "contact_detail",
            "preferred_times",
            "topic",
            "message",
        ]
        labels = {
            "urgency": _("When would you like to talk?"),
            "contact_method": _("How would you like to be contacted?"),
            "preferred_times": _("Good times to reach you (optional)"),
            "topic": _("What is it about? (optional)"),
        }
        help_texts = {
            "preferred_times": _("For example: after 18:00, not on Wednesdays."),
        }
        widgets = {
            "urgency": forms.RadioSelect,
            "contact_method": forms.RadioSelect,
            "contact_detail": forms.TextInput(attrs={"autocomplete": "tel"}),
        }

    # Optional: supporters and coordinators of the person's region who must not see it.
    excluded_people = ModelMultipleChoiceField(
        label=_("People who must not see this (optional)"),
        required=False,
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Colleagues of your own team and your line of command never see it anyway. Only you and the "
            "coordinators can see whom you named here."
        ),
    )

    def __init__(self, *args, language=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        excluded = self.fields["excluded_people"]
        if people is None or not people.exists():
            del self.fields["excluded_people"]  # nobody to name: no empty question
        else:
            excluded.queryset = people
            excluded.label_from_instance = lambda person: person.get_full_name() or person.email
            excluded.error_messages["invalid_choice"] = gettext("Choose only people from the list.")
        self.fields["topic"].choices = [("", _("I would rather not say"))] + list(SupportRequest.Topic.choices)
        # A number or a chat name: declared on the model without a limit (it is encrypted).
        detail = self.fields["contact_detail"]
        detail.max_length = CONTACT_DETAIL_MAX_LENGTH
        detail.validators.append(MaxLengthValidator(CONTACT_DETAIL_MAX_LENGTH))
        detail.widget.attrs["maxlength"] = str(CONTACT_DETAIL_MAX_LENGTH)
        self._contact_fields_set_up(language, kwargs.get("initial"))


class HelpRouteForm(ContactChoiceMixin, LengthMessageMixin, forms.Form):
    message = forms.CharField(
        label=_("What would you like us to know?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MESSAGE_MAX_LENGTH,
    )
    contact_method = forms.ChoiceField(
        label=_("How would you like to be contacted?"),
        choices=SupportRequest.Contact.choices,
        widget=forms.RadioSelect,
    )
    contact_detail = forms.CharField(
        max_length=CONTACT_DETAIL_MAX_LENGTH, required=False, widget=forms.TextInput(attrs={"autocomplete": "tel"})
    )
    preferred_times = forms.CharField(
        label=_("Good times to reach you (optional)"), max_length=PREFERRED_TIMES_MAX_LENGTH, required=False
    )

    def __init__(self, *args, language=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._contact_fields_set_up(language, kwargs.get("initial"))


class NoteForm(LengthMessageMixin, forms.Form):
    text = forms.CharField(
        label=_("Short note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=CASE_NOTE_MAX_LENGTH
    )


class FollowUpForm(forms.Form):
    due_at = forms.DateTimeField(label=_("Check in again on"), widget=LocalDateTimeInput, input_formats=[LOCAL_INPUT])

    def clean_due_at(self):
        return clean_planned_moment(self.cleaned_data["due_at"])


class ReferralForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Refer to"),
        choices=Referral.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where to refer to."), "invalid_choice": _("Choose where to refer to.")},
    )


class AssignForm(forms.Form):
    """A coordinator gives a follow-up plan to one of the `supporters` offered."""

    supporter = forms.ModelChoiceField(label=_("Colleague"), queryset=get_user_model().objects.none())
    # Missing, or not one of those offered: the page lists them, so one message says it all.
    choose_message = _("Choose a colleague.")

    def __init__(self, *args, supporters=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["supporter"]
        field.queryset = supporters if supporters is not None else get_user_model().objects.none()
        field.error_messages.update(required=self.choose_message, invalid_choice=self.choose_message)


class RequestAssignForm(AssignForm):
    """A coordinator gives a request to a supporter of its region who may take it (on shift or
    not: they agree it between them), never to one in a conflict of interest."""

    choose_message = _("Choose a colleague who may take this request.")


class SupportPersonForm(LengthMessageMixin, forms.Form):
    name = forms.CharField(label=_("Name of the support person"), max_length=SUPPORT_PERSON_NAME_MAX_LENGTH)
    email = forms.EmailField(label=_("Their e-mail address"))
    phone = forms.CharField(
        label=_("Their phone number (optional)"), max_length=SUPPORT_PERSON_PHONE_MAX_LENGTH, required=False
    )


class IncidentForm(LengthMessageMixin, forms.Form):
    incident_type = forms.ChoiceField(label=_("What kind of incident?"), choices=IncidentType.choices)
    occurred_at = forms.DateTimeField(
        label=_("When did it happen?"), widget=LocalDateTimeInput, input_formats=[LOCAL_INPUT]
    )
    unit = forms.ModelChoiceField(label=_("Which unit?"), queryset=OrganisationUnit.objects.none())
    # Chosen with the people picker (search by name or unit), carried as hidden inputs.
    people = ModelMultipleChoiceField(
        label=_("Colleagues involved"),
        queryset=get_user_model().objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": _("Choose at least one colleague who was involved."),
            "invalid_choice": _("You cannot name this colleague here."),
            "invalid_pk_value": _("You cannot name this colleague here."),
        },
    )
    description = forms.CharField(
        label=_("Short factual description (optional)"),
        required=False,
        max_length=INCIDENT_DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Facts only: where and what. No names of others, no judgements."),
    )

    def __init__(self, *args, units=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else OrganisationUnit.objects.none()
        self.fields["people"].queryset = people if people is not None else get_user_model().objects.none()

    def clean_occurred_at(self):
        value = self.cleaned_data["occurred_at"]
        if value > timezone.now():
            raise forms.ValidationError(_("The time of the incident lies in the future."))
        if value < incident_earliest(now=timezone.now()):
            raise forms.ValidationError(_("The time of the incident lies too far back to be registered here."))
        return value


class PeopleSearchForm(forms.Form):
    """The people picker's search words: read through a form, so that what no database
    column can hold (a NUL character, a novel) is no search at all rather than an error."""

    q = forms.CharField(required=False, max_length=100)


class LeaderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


class GroupMeetingForm(LengthMessageMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=GroupMeeting.Kind.choices)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=LocalDateTimeInput, input_formats=[LOCAL_INPUT])
    place = forms.CharField(label=_("Place"), max_length=PLACE_MAX_LENGTH)
    leader = LeaderChoiceField(
        label=_("Led by"),
        queryset=get_user_model().objects.none(),
        help_text=_("A psychologist, or a peer supporter trained to lead group meetings."),
    )

    def clean_starts_at(self):
        return clean_planned_moment(self.cleaned_data["starts_at"])

    def __init__(self, *args, incident=None, **kwargs):
        super().__init__(*args, **kwargs)
        if incident is not None:
            protocol = incident.protocol
            # The protocol's own kind of meeting, never a debriefing it advises against.
            self.fields["kind"].initial = protocol.group_meeting
            self.fields["kind"].help_text = _("Proposed by the protocol: %(protocol)s.") % {"protocol": protocol.title}
        self.fields["leader"].queryset = meeting_leaders_for(incident)


class GroupMeetingMoveForm(LengthMessageMixin, forms.Form):
    """A new time or place for a planned meeting; the participants get an updated invitation."""

    starts_at = forms.DateTimeField(label=_("Starts at"), widget=LocalDateTimeInput, input_formats=[LOCAL_INPUT])
    place = forms.CharField(label=_("Place"), max_length=PLACE_MAX_LENGTH)

    def clean_starts_at(self):
        return clean_planned_moment(self.cleaned_data["starts_at"])


class DutyForm(forms.Form):
    """Who goes on or off duty: oneself, or (for a coordinator) a supporter of the region."""

    # The page's buttons send a colleague's number or nothing.
    supporter = forms.IntegerField(required=False, error_messages={"invalid": _("Choose a colleague.")})
    on_duty = forms.CharField(required=False)
    next = forms.CharField(required=False)


class ShareScoreForm(forms.Form):
    score = forms.IntegerField(label=_("Your total score"), min_value=0, max_value=SHARED_SCORE_MAX)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refusal = _("The total lies between 0 and %(max)s.") % {"max": SHARED_SCORE_MAX}
        self.fields["score"].error_messages.update(
            required=refusal, invalid=refusal, min_value=refusal, max_value=refusal
        )


class LogEntryForm(LengthMessageMixin, forms.ModelForm):
    class Meta:
        model = IncidentLogEntry
        fields = ["occurred_on", "incident_type", "what_happened", "how_it_affected_me"]
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "what_happened": forms.Textarea(attrs={"rows": 4}),
            "how_it_affected_me": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = formats.number_format(LOG_TEXT_MAX_LENGTH, force_grouping=True)
        for name in ("what_happened", "how_it_affected_me"):
            self.fields[name].help_text = gettext("At most %(n)s characters.") % {"n": limit}

    def clean_occurred_on(self):
        value = self.cleaned_data["occurred_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date lies in the future."))
        return value


class ProtocolChoiceForm(forms.Form):
    """A protocol per incident type. The protocols are read once: a ModelChoiceField per type
    would read its protocol again for each type when the form is cleaned."""

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.protocols = {protocol.pk: protocol for protocol in FollowUpProtocol.objects.all()}
        choices = [(pk, str(protocol)) for pk, protocol in self.protocols.items()]
        for value, label in IncidentType.choices:
            self.fields[value] = forms.TypedChoiceField(
                label=label, choices=choices, coerce=int, initial=(current or {}).get(value)
            )

    def clean(self):
        cleaned = super().clean()
        return {value: self.protocols[pk] for value, pk in cleaned.items()}


class ReflectionSeriesForm(LengthMessageMixin, forms.Form):
    framework = forms.ModelChoiceField(
        label=_("Questions"), queryset=ReflectionFramework.objects.all(), empty_label=None
    )
    first_at = forms.DateTimeField(label=_("First meeting"), widget=LocalDateTimeInput, input_formats=[LOCAL_INPUT])
    every_weeks = forms.IntegerField(label=_("Every ... weeks"), min_value=1, max_value=EVERY_WEEKS_MAX, initial=4)
    occurrences = forms.IntegerField(label=_("Number of meetings"), min_value=1, max_value=OCCURRENCES_MAX, initial=6)
    place = forms.CharField(label=_("Place"), max_length=PLACE_MAX_LENGTH)
    participants = ModelMultipleChoiceField(
        label=_("Participants"), queryset=get_user_model().objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = people if people is not None else get_user_model().objects.none()

    def clean_first_at(self):
        return clean_planned_moment(self.cleaned_data["first_at"])


class ProtocolTimingsForm(forms.Form):
    """One pair of fields per step: due after (hours) and how long it may wait."""

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.steps = list(steps)
        for step in self.steps:
            self.fields[f"offset_{step.pk}"] = forms.IntegerField(
                label=_("%(step)s: due after (hours)") % {"step": step.label_text},
                min_value=0,
                max_value=24 * 365,
                initial=step.offset_hours,
            )
            self.fields[f"window_{step.pk}"] = forms.IntegerField(
                label=_("%(step)s: may wait (hours)") % {"step": step.label_text},
                min_value=1,
                max_value=24 * 90,
                initial=step.window_hours,
            )

    def timings(self) -> dict[int, tuple[int, int]]:
        return {
            step.pk: (self.cleaned_data[f"offset_{step.pk}"], self.cleaned_data[f"window_{step.pk}"])
            for step in self.steps
        }


# --- The duty rota and conflicts of interest -----------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


class RotaFormMixin:
    """The colleague comes from `people` (those who may be on the region's rota)."""

    def _people_set_up(self, people):
        field = self.fields["person"]
        field.queryset = people if people is not None else get_user_model().objects.none()
        field.error_messages.update(
            required=gettext("Choose a colleague."), invalid_choice=gettext("Choose a colleague.")
        )


class DutyPatternForm(RotaFormMixin, forms.Form):
    person = PersonChoiceField(label=_("Colleague"), queryset=get_user_model().objects.none())
    kind = forms.ChoiceField(label=_("Duty"), choices=DutyKind.choices)
    weekday = forms.TypedChoiceField(label=_("Every"), choices=Weekday.choices, coerce=int)
    starts = forms.TimeField(label=_("From"), widget=TimeInput())
    ends = forms.TimeField(
        label=_("Until"), widget=TimeInput(), help_text=_("A time before the start means the next morning.")
    )
    valid_from = forms.DateField(label=_("First day"), widget=DateInput())
    valid_until = forms.DateField(
        label=_("Last day (optional)"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty: until further notice."),
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._people_set_up(people)

    def clean(self):
        data = super().clean()
        if data.get("starts") is not None and data.get("starts") == data.get("ends"):
            self.add_error("ends", gettext("A shift must end at another time than it starts."))
        if data.get("valid_from") and data.get("valid_until") and data["valid_until"] < data["valid_from"]:
            self.add_error("valid_until", gettext("The last day cannot be before the first day."))
        return data


class DutyExtraForm(RotaFormMixin, forms.Form):
    person = PersonChoiceField(label=_("Colleague"), queryset=get_user_model().objects.none())
    kind = forms.ChoiceField(label=_("Duty"), choices=DutyKind.choices)
    starts_at = forms.DateTimeField(label=_("From"), widget=LocalDateTimeInput(), input_formats=[LOCAL_INPUT])
    ends_at = forms.DateTimeField(label=_("Until"), widget=LocalDateTimeInput(), input_formats=[LOCAL_INPUT])

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._people_set_up(people)

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", gettext("A shift must end after it starts."))
        return data


class DutyAbsenceForm(RotaFormMixin, LengthMessageMixin, forms.Form):
    person = PersonChoiceField(label=_("Colleague"), queryset=get_user_model().objects.none())
    first_day = forms.DateField(label=_("First day"), widget=DateInput())
    last_day = forms.DateField(label=_("Last day"), widget=DateInput())
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=ABSENCE_NOTE_MAX_LENGTH,
        help_text=_("For example: holiday. Never a reason of health."),
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._people_set_up(people)

    def clean(self):
        data = super().clean()
        if data.get("first_day") and data.get("last_day") and data["last_day"] < data["first_day"]:
            self.add_error("last_day", gettext("The last day cannot be before the first day."))
        return data


class DutySwapForm(RotaFormMixin, forms.Form):
    """One shift of a weekly pattern, on one day, to a colleague; for a coordinator the pattern
    is chosen too."""

    pattern = forms.ModelChoiceField(label=_("Weekly shift"), queryset=DutyPattern.objects.none(), required=False)
    on_date = forms.DateField(label=_("Day of the shift"), widget=DateInput())
    person = PersonChoiceField(label=_("Taken by"), queryset=get_user_model().objects.none())

    def __init__(self, *args, people=None, patterns=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._people_set_up(people)
        if patterns is None:
            del self.fields["pattern"]
        else:
            field = self.fields["pattern"]
            field.queryset, field.required = patterns, True
            field.label_from_instance = pattern_label
            field.error_messages.update(
                required=gettext("Choose a weekly shift."), invalid_choice=gettext("Choose a weekly shift.")
            )


def pattern_label(pattern) -> str:
    person = pattern.person.get_full_name() or pattern.person.email
    hours = f"{pattern.starts:%H:%M}-{pattern.ends:%H:%M}"
    return f"{person} · {pattern.get_kind_display()} · {pattern.get_weekday_display()} {hours}"


class HandBackForm(LengthMessageMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why are you handing it back?"),
        max_length=HAND_BACK_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the coordinators read this. The colleague who asked does not."),
        error_messages={"required": _("Say briefly why, for the coordinator.")},
    )
