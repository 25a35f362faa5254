"""Who may open which erasure request: those who handle them, any but their own, audited.

The person reads their own requests on /me/data/, which loads them by `person=request.user`."""

from django.contrib.auth.models import Permission
from django.http import Http404

from core.audit import audit_record

from .models import ErasureRequest


def erasure_request_for_handler(user, pk: int, *, audit: bool = True) -> ErasureRequest:
    """For those with `dataprotection.handle_data_requests` (checked at the door); their own
    request is not theirs to handle. Opening it is written to the person's access log."""
    request = ErasureRequest.objects.filter(pk=pk).exclude(person=user).select_related("person").first()
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
