"""The links to check-ups on the home page and in the menu, for the roles that use them."""


def test_the_door_links_are_registered_for_the_right_roles(alice, petra, wim, mona):
    from core import navigation

    mine = {link.url_name: link for link in navigation._LINKS if link.url_name.startswith("checkups:")}

    def shown(user, section):
        return {name for name, link in mine.items() if link.section == section and link.visible(user)}

    assert mine["checkups:start"].section == "door" and mine["checkups:start"].order == 20
    assert "checkups:start" in shown(alice, "door")
    assert "checkups:my_appointments" in shown(alice, "self")
    assert "checkups:agenda" in shown(petra, "work") and "checkups:agenda" not in shown(alice, "work")
    assert "checkups:figures" in shown(wim, "admin")
    assert "checkups:figures" not in shown(mona, "admin")
