"""Who may open which erasure request: those who handle them, any but their own (the
wellbeing officer only within their own organisation), audited.

The person reads their own requests on /me/data/, which loads them by `person=request.user`."""

from django.contrib.auth.models import Permission
from django.db.models import QuerySet
from django.http import Http404

from core.audit import audit_record
from organisations.selectors import root_path

from .models import ErasureRequest


def erasure_requests_for_handler(user) -> QuerySet[ErasureRequest]:
    """The requests a handler (`dataprotection.handle_data_requests`, checked at the door) may
    see: never their own; the data protection officer's, every organisation's; the wellbeing
    officer's, only those of people of their own organisation (the tree their unit is in)."""
    requests = ErasureRequest.objects.exclude(person=user)
    if may_read_audit_log(user):  # the data protection officer
        return requests
    if user.unit_id is None:
        return requests.none()
    return requests.filter(person__unit__path__startswith=root_path(user.unit))


def erasure_request_for_handler(user, pk: int, *, audit: bool = True) -> ErasureRequest:
    """One of `erasure_requests_for_handler`, else 404. Opening it is written to the person's
    access log."""
    request = erasure_requests_for_handler(user).filter(pk=pk).select_related("person").first()
    if request is None:
        raise Http404
    if audit:
        audit_record(actor=user, action="dataprotection.erasure_viewed", obj=request, subject=request.person)
    return request


def may_read_audit_log(user) -> bool:
    """Only a role (a group) grants `core.view_audit_log`: a superuser's blanket rights do not
    reach the audit log, which tells who was in care. The administrator is a technical role;
    reading the log is the data protection officer's."""
    if not (user.is_authenticated and user.is_active):
        return False
    granted = Permission.objects.filter(group__user=user, content_type__app_label="core", codename="view_audit_log")
    return granted.exists()
