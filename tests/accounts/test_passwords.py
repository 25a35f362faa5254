"""Passwords as OWASP ASVS 4.0.3 level 2 asks (V2.1): long, never a common or breached one,
no rules about kinds of characters, passphrases welcome. Through the change-password page."""

import gzip

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

DEMO_PASSWORD = "demo-wellbeing-2026"


def change_password(client, new):
    return client.post(
        reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": new, "password2": new}
    )


def accepted(response) -> bool:
    return response.status_code == 302


@pytest.fixture
def person(db):
    return UserFactory(email="pat@example.org", first_name="Pat", last_name="Jansen")


def test_a_password_needs_twelve_characters(client, person):
    client.force_login(person)
    response = change_password(client, "kite-lamp-9")  # 11
    assert not accepted(response)
    assert "at least 12 characters" in str(response.context["form"].errors["password1"])
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
    assert accepted(change_password(client, "kite-lamp-90"))  # 12


@pytest.mark.parametrize("common", ["1qaz2wsx3edc", "qwerty123456", "Password1234", "iloveyou"])
def test_a_common_or_breached_password_is_refused_whatever_its_length(client, person, common):
    client.force_login(person)
    response = change_password(client, common)
    assert not accepted(response)
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


@pytest.mark.parametrize(
    "passphrase",
    [
        "correct horse battery staple on a rainy night shift in Groningen",  # 64, with spaces
        "onlylowercaseletterswithoutanydigit",  # no composition rule
        "8264919305716482",  # only digits is allowed when long and not common
        "rustig 🌙 slapen na de nachtdienst",  # any Unicode, emoji included
    ],
)
def test_long_passphrases_of_any_characters_are_welcome(client, person, passphrase):
    client.force_login(person)
    assert accepted(change_password(client, passphrase))
    person.refresh_from_db()
    assert person.check_password(passphrase)  # kept whole: nothing cut


def test_a_password_longer_than_128_characters_is_refused_not_cut(client, person):
    client.force_login(person)
    too_long = "a calm long sentence " * 6 + "123"  # 129
    response = change_password(client, too_long)
    assert not accepted(response)
    assert "longer than 128 characters" in str(response.context["form"].errors["password1"])
    assert accepted(change_password(client, too_long[:128]))


def test_a_password_like_the_persons_name_or_address_is_refused(client, person):
    client.force_login(person)
    assert not accepted(change_password(client, "pat@example.org"))


def test_the_page_says_the_rule_and_does_not_stop_pasting(client, person):
    client.force_login(person)
    page = client.get(reverse("account_change_password")).content.decode()
    assert "At least 12 characters" in page and "paste" in page
    assert "onpaste" not in page.lower() and 'autocomplete="off"' not in page


def test_the_shipped_list_is_larger_than_djangos_and_holds_neither_demo_nor_test_password():
    path = next(v["OPTIONS"]["password_list_path"] for v in settings.AUTH_PASSWORD_VALIDATORS if "Common" in v["NAME"])
    with gzip.open(path, "rt", encoding="utf-8") as f:
        words = {line.strip() for line in f}
    assert len(words) > 100_000
    assert {"123456", "password", "1qaz2wsx3edc"} <= words
    assert DEMO_PASSWORD not in words and PASSWORD not in words


@pytest.mark.django_db
def test_the_demo_and_test_passwords_pass_every_rule():
    validate_password(DEMO_PASSWORD)
    validate_password(PASSWORD)
