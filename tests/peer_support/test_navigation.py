from core.navigation import links_for


def names(user, section):
    return [link.url_name for link in links_for(user, section)]


def test_the_employee_sees_talk_to_a_colleague_as_the_first_door(alice):
    doors = links_for(alice, "door")
    assert doors[0].url_name == "peer_support:request_create" and doors[0].order == 10
    assert {"peer_support:log_list", "peer_support:help_routes", "accounts:access_log"} <= set(names(alice, "self"))
    assert "peer_support:queue" not in names(alice, "work")


def test_staff_see_their_own_tools_only(bob, carol, mona, wim, connie, petra):
    assert "peer_support:queue" in names(bob, "work")
    assert "peer_support:coordination" not in names(bob, "work")
    assert "peer_support:coordination" in names(carol, "work")
    assert "peer_support:incident_list" in names(carol, "work")
    assert "peer_support:incident_list" in names(mona, "work")
    assert "peer_support:reflection_list" in names(mona, "work")
    assert "peer_support:protocol_settings" in names(wim, "admin")
    assert "peer_support:help_inbox" in names(connie, "work")
    assert not [n for n in names(petra, None) if n.startswith("peer_support:")]


def test_the_follow_up_link_appears_once_someone_has_a_plan(alice, mona):
    from django.utils import timezone

    from peer_support.services.incidents import incident_register

    assert "peer_support:plan_list" not in names(alice, "self")
    incident_register(
        registered_by=mona, incident_type="other", occurred_at=timezone.now(), unit=alice.unit, people=[alice]
    )
    assert "peer_support:plan_list" in names(alice, "self")
