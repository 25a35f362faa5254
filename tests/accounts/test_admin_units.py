"""The units' tree in the Django admin, as the access matrix found it: a POST to the list
(an action sent with nothing ticked) is answered with the list again, not a server error."""

from django.urls import reverse


def test_an_action_sent_with_no_unit_ticked_lists_the_units_again(admin_client, org):
    response = admin_client.post(reverse("admin:accounts_organisationunit_changelist"), {"action": "delete_selected"})
    assert response.status_code == 200
    assert "National" in response.content.decode()
