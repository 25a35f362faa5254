"""Who may open which erasure request: those who handle them, any but their own, audited.

The person reads their own requests on /me/data/, which loads them by `person=request.user`."""

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
