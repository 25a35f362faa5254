"""Requests to erase personal data: asked by the person, carried out or declined by the
wellbeing officer or the data protection officer. Every step is audited."""

import datetime as dt

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import AccountClosure
from accounts.services import account_close
from core.audit import audit_record
from core.errors import DomainError
from core.personal_data import personal_data_erase
from notifications.services import message_schedule

from .models import DECLINE_REASON_MAX_LENGTH, REASON_MAX_LENGTH, ErasureRequest


@transaction.atomic
def erasure_request_create(*, person, reason: str = "", close_account: bool = False, now=None) -> ErasureRequest:
    now = now or timezone.now()
    reason = reason.strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise DomainError(gettext("Please keep the reason under %(max)d characters.") % {"max": REASON_MAX_LENGTH})
    if ErasureRequest.objects.select_for_update().filter(person=person, status=ErasureRequest.Status.OPEN).exists():
        raise DomainError(gettext("You have already asked; your request is waiting to be handled."))
    request = ErasureRequest.objects.create(person=person, reason=reason, close_account=close_account, created_at=now)
    audit_record(actor=person, action="dataprotection.erasure_asked", obj=request, subject=person)
    return request


def _open_for_handling(request: ErasureRequest, by) -> ErasureRequest:
    locked = ErasureRequest.objects.select_for_update().select_related("person").get(pk=request.pk)
    if locked.status != ErasureRequest.Status.OPEN:
        raise DomainError(gettext("This request has already been handled."))
    if locked.person_id == by.pk:
        raise DomainError(gettext("Someone else must handle your own request."))
    return locked


def _notify(request: ErasureRequest, *, now: dt.datetime) -> None:
    """A neutral e-mail: that the request was handled, nothing of what it was about.

    To the address itself when the account was closed: a closed account gets no messages.
    """
    person = request.person
    closed = not person.is_active
    message_schedule(
        key=f"data-request:{request.pk}:outcome",
        template="data_request_handled",
        recipient=None if closed else person,
        to_email=person.email if closed else "",
        language=person.language,
        context={"account_closed": closed, "path": "/me/data/"},
        due_at=now,
    )


@transaction.atomic
def erasure_request_carry_out(*, request: ErasureRequest, by, now=None) -> ErasureRequest:
    """Erase, through every app's `erase_for`, what no duty keeps; record what was removed
    and what is kept and why, in the person's language; close the account if asked."""
    now = now or timezone.now()
    request = _open_for_handling(request, by)
    person = request.person
    with translation.override(person.language):
        removed, kept = personal_data_erase(user=person)
        if request.close_account:
            account_close(user=person, by=by, reason=AccountClosure.Reason.ERASURE, now=now)
            person.refresh_from_db()
            removed.append(gettext("Your account was closed: you can no longer log in."))
    request.status = ErasureRequest.Status.DONE
    request.handled_by, request.handled_at = by, now
    request.removed, request.kept = removed, kept
    request.save()
    audit_record(actor=by, action="dataprotection.erasure_done", obj=request, subject=person)
    _notify(request, now=now)
    return request


@transaction.atomic
def erasure_request_decline(*, request: ErasureRequest, by, reason: str, now=None) -> ErasureRequest:
    now = now or timezone.now()
    reason = reason.strip()
    if not reason:
        raise DomainError(gettext("Say why the request is declined: the person reads it."))
    if len(reason) > DECLINE_REASON_MAX_LENGTH:
        raise DomainError(
            gettext("Please keep the reason under %(max)d characters.") % {"max": DECLINE_REASON_MAX_LENGTH}
        )
    request = _open_for_handling(request, by)
    request.status = ErasureRequest.Status.DECLINED
    request.handled_by, request.handled_at, request.decline_reason = by, now, reason
    request.save()
    audit_record(actor=by, action="dataprotection.erasure_declined", obj=request, subject=request.person)
    _notify(request, now=now)
    return request
