from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..crypto import PeerSupportEncryptedTextField as EncryptedTextField

# Limits of what people write, used by the model, the forms and the services (text_check);
# an encrypted column has no length of its own, so these are the only ones there are.
CONTACT_DETAIL_MAX_LENGTH = 100  # a phone number or a chat name
PREFERRED_TIMES_MAX_LENGTH = 200
# The longest first message of any route (the help routes' form); a first message to a peer
# is shorter, on its own form.
MESSAGE_MAX_LENGTH = 3000
PEER_MESSAGE_MAX_LENGTH = 1000
CASE_NOTE_MAX_LENGTH = 2000
SUPPORT_PERSON_NAME_MAX_LENGTH = 200
SUPPORT_PERSON_PHONE_MAX_LENGTH = 40


class SupportRequest(models.Model):
    """Someone asks for help. One mechanism for every help route; the route decides who handles it."""

    class Route(models.TextChoices):
        PEER_SUPPORT = "peer_support", _("Talk to a colleague")
        CONFIDENTIAL_REPORT = "confidential_report", _("Confidential report of bullying or harassment")
        JOB_ROTATION = "job_rotation", _("Request for job rotation")
        SUPPORT_PERSON = "support_person", _("Support person during long sick leave")

    class Topic(models.TextChoices):
        INCIDENT = "incident", _("Something that happened at work")
        PRESSURE = "pressure", _("Pressure at work")
        PRIVATE = "private", _("Something in my private life")
        OTHER = "other", _("Something else")

    class Urgency(models.TextChoices):
        TODAY = "today", _("Today")
        THIS_WEEK = "this_week", _("This week")
        NO_HURRY = "no_hurry", _("No hurry")

    class Contact(models.TextChoices):
        PHONE = "phone", _("Phone call")
        VIDEO = "video", _("Video call")
        IN_PERSON = "in_person", _("In person")
        CHAT = "chat", _("Chat message")

    class Status(models.TextChoices):
        NEW = "new", _("Waiting for a colleague")
        CLAIMED = "claimed", _("A colleague will contact you")
        IN_CONTACT = "in_contact", _("In contact")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATUSES = (Status.NEW, Status.CLAIMED, Status.IN_CONTACT)

    route = models.CharField(_("route"), max_length=30, choices=Route.choices, default=Route.PEER_SUPPORT)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.CASCADE, related_name="support_requests"
    )
    # The region whose team handles it (peer support only); fixed when the request is made.
    region = models.ForeignKey(
        "accounts.OrganisationUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The next region's team, once the request escalated there: they may then see and take it.
    backup_region = models.ForeignKey(
        "accounts.OrganisationUnit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requester_unit = models.ForeignKey(
        "accounts.OrganisationUnit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, blank=True)
    urgency = models.CharField(_("when"), max_length=20, choices=Urgency.choices, default=Urgency.THIS_WEEK)
    contact_method = models.CharField(_("how"), max_length=20, choices=Contact.choices, default=Contact.PHONE)
    # A phone number or chat handle; the account's e-mail address is always known.
    contact_detail = EncryptedTextField(
        _("number or address to reach you"), blank=True, max_length=CONTACT_DETAIL_MAX_LENGTH
    )
    preferred_times = models.CharField(_("good times to reach you"), max_length=PREFERRED_TIMES_MAX_LENGTH, blank=True)
    message = EncryptedTextField(_("message"), blank=True, max_length=MESSAGE_MAX_LENGTH)
    outside_own_unit = models.BooleanField(_("a colleague from outside my own team"), default=False)
    # People the person named who must not see it (supporters or coordinators of their region).
    # Shown only to the person and to the coordinators who may open it.
    excluded_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("people who must not see this"), blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_support_requests",
    )
    created_at = models.DateTimeField(_("asked at"))
    escalate_at = models.DateTimeField(_("escalates at"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    # The alert chain of an urgent request (services/alerts.py): how many of its steps are done,
    # and when the next one is due if nobody has taken it by then.
    alert_step = models.PositiveSmallIntegerField(default=0)
    alert_next_at = models.DateTimeField(null=True, blank=True)
    # When the coordinator was alerted that a taken request had no first contact in time.
    contact_alerted_at = models.DateTimeField(null=True, blank=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    first_contact_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Set by the wellbeing officer on the "support person" route: someone outside the portal.
    external_person_name = models.CharField(
        _("support person's name"), max_length=SUPPORT_PERSON_NAME_MAX_LENGTH, blank=True
    )
    external_person_email = models.EmailField(_("support person's e-mail"), blank=True)
    external_person_phone = models.CharField(
        _("support person's phone"), max_length=SUPPORT_PERSON_PHONE_MAX_LENGTH, blank=True
    )

    class Meta:
        verbose_name = _("request for help")
        verbose_name_plural = _("requests for help")
        indexes = [
            models.Index(fields=["route", "status", "region"], name="ps_request_queue_idx"),
            models.Index(fields=["status", "escalate_at"], name="ps_request_escalate_idx"),
            models.Index(fields=["status", "alert_next_at"], name="ps_request_alert_idx"),
        ]
        permissions = [
            ("register_incident", "Can register a critical incident"),
            ("choose_protocol", "Can choose the follow-up protocol"),
            ("lead_reflection", "Can schedule reflection meetings"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.route} {self.status}"

    def get_absolute_url(self) -> str:
        return reverse("peer_support:request_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def region_ids(self) -> set:
        """The regions whose team may take this request."""
        return {pk for pk in (self.region_id, self.backup_region_id) if pk}

    @property
    def urgency_rank(self) -> int:
        return [u.value for u in self.Urgency].index(self.urgency)


class CaseNote(models.Model):
    """A short note of the supporter, encrypted; deleted a set time after the request closes."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = EncryptedTextField(_("note"), max_length=CASE_NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self):
        return f"note {self.pk} on request {self.request_id}"


class Referral(models.Model):
    """Where a supporter referred someone on. The booking itself lives in `checkups`."""

    class Kind(models.TextChoices):
        PSYCHOLOGIST_BOOKED = "psychologist_booked", _("Psychologist, booked on their behalf")
        PSYCHOLOGIST_SELF = "psychologist_self", _("Psychologist, they book themselves")
        COMPANY_DOCTOR = "company_doctor", _("Company doctor")
        FAMILY_DOCTOR = "family_doctor", _("Family doctor")
        EXTERNAL = "external", _("External care")

    request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="referrals"
    )
    plan = models.ForeignKey(
        "peer_support.FollowUpPlan", on_delete=models.CASCADE, null=True, blank=True, related_name="referrals"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("referred to"), max_length=30, choices=Kind.choices)
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    booking_id = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self):
        return f"referral {self.kind} for {self.person_id}"
