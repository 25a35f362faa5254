import pytest
from django.utils import timezone

from accounts.roles import Role
from peer_support.models import SupportRequest
from peer_support.services.protocols import protocols_load
from peer_support.services.requests import support_request_create
from tests.factories import UserFactory, with_totp


@pytest.fixture(autouse=True)
def _protocols(db):
    protocols_load()


@pytest.fixture
def dave(org):
    """A peer supporter of the other region (south): may see nothing in the north."""
    return with_totp(
        UserFactory(email="dave@example.org", first_name="Dave", unit=org["team_c"], roles=[Role.PEER_SUPPORTER])
    )


@pytest.fixture
def erin(org):
    """A second peer supporter in the north, in Alice's own team."""
    return with_totp(
        UserFactory(email="erin@example.org", first_name="Erin", unit=org["team_a"], roles=[Role.PEER_SUPPORTER])
    )


@pytest.fixture
def sam(org):
    """The coordinator of the south region."""
    return with_totp(
        UserFactory(email="sam@example.org", first_name="Sam", unit=org["south"], roles=[Role.COORDINATOR])
    )


@pytest.fixture
def ask(alice):
    def make(requester=None, **kwargs):
        kwargs.setdefault("urgency", SupportRequest.Urgency.TODAY)
        kwargs.setdefault("now", timezone.now())
        return support_request_create(requester=requester or alice, **kwargs)

    return make


def login(client, user):
    client.force_login(user)
    return client
