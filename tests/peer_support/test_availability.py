"""Who sets whose availability: a supporter their own; whoever may open the coordination page
(the coordinate permission) the supporters that page lists, those of their own region."""

from django.urls import reverse

from peer_support.models import SupporterDuty
from tests.factories import with_totp


def set_off_duty(client, supporter):
    return client.post(
        reverse("peer_support:duty_set"), {"supporter": supporter.pk, "on_duty": "0", "next": "coordination"}
    )


def test_a_superuser_sets_the_availability_the_coordination_page_offers_them(client, admin_user, org, bob):
    admin_user.unit = org["north"]
    admin_user.save(update_fields=["unit"])
    client.force_login(with_totp(admin_user))
    assert f'name="supporter" value="{bob.pk}"' in client.get(reverse("peer_support:coordination")).content.decode()
    assert set_off_duty(client, bob)["Location"] == reverse("peer_support:coordination")
    assert SupporterDuty.objects.get(supporter=bob).on_duty is False


def test_a_coordinator_cannot_set_the_availability_of_another_regions_supporter(client, sam, bob):
    client.force_login(sam)
    assert f'value="{bob.pk}"' not in client.get(reverse("peer_support:coordination")).content.decode()
    assert set_off_duty(client, bob).status_code == 404
    assert not SupporterDuty.objects.exists()
