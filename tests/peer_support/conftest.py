import pytest
from django.utils import timezone

from peer_support.models import SupportRequest
from peer_support.services.requests import support_request_create


@pytest.fixture
def ask(alice):
    def make(requester=None, **kwargs):
        kwargs.setdefault("urgency", SupportRequest.Urgency.TODAY)
        kwargs.setdefault("now", timezone.now())
        return support_request_create(requester=requester or alice, **kwargs)

    return make
