"""Referring someone on. A check-up booking itself belongs to `checkups`."""

from django.db import transaction

from ..models import Referral, SupportRequest
from . import requests as request_services


@transaction.atomic
def referral_make(*, request: SupportRequest, supporter, kind: str, slot=None, now=None) -> Referral:
    return request_services.support_request_refer(request=request, supporter=supporter, kind=kind, now=now)
