import pytest

from tests.wellbeing.portal_world import world_build


@pytest.fixture
def world(org, alice, bob, carol, petra, mona, wim, connie, charlie):
    """Alice with a booking and a psychologist's note, a request with a case note, a follow-up
    plan and a line in her log, as the portal makes them."""
    return world_build(
        org=org, alice=alice, bob=bob, carol=carol, petra=petra, mona=mona, wim=wim, connie=connie, charlie=charlie
    )
