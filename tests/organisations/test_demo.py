"""The demo has two organisations, and each demo reader sees their own numbers and language."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from accounts.testing import PortalClient
from organisations.models import Organisation
from organisations.selectors import organisation_of


@pytest.mark.django_db
def test_each_demo_reader_sees_their_own_organisation():
    call_command("seed_demo", stdout=io.StringIO())
    assert Organisation.objects.count() == 2
    dutch = User.objects.get(email="employee@demo.example")
    danish = User.objects.get(email="medarbejder@demo.example")
    assert organisation_of(danish).time_zone == "Europe/Copenhagen" and danish.language == "da"
    assert organisation_of(dutch).non_emergency_number == "0900-8844"
    client = PortalClient()
    client.force_login(danish)
    page = client.get(reverse("home")).content.decode()
    assert "Livslinien" in page and ">114<" in page and 'lang="da"' in page
    client.force_login(dutch)
    page = client.get(reverse("home")).content.decode()
    assert "113 Zelfmoordpreventie" in page and "Livslinien" not in page
    # The Danish wellbeing officer edits the Danish organisation.
    officer = User.objects.get(email="trivsel@demo.example")
    client.force_login(officer)
    assert "Kriminalforsorgen" in client.get(reverse("organisations:settings")).content.decode()
