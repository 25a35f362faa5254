"""The log-in, MFA and password pages speak with the portal's voice, not allauth's.

The portal says "Log in", and its Dutch says "je": allauth's own pages said "Sign In",
"Aanmelden", "alstublieft" and "Two-Factor Authentication", and offered "Remember Me".
Each journey is walked through in Dutch and Danish (and English for the wording itself).
"""

import re
import time
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.urls import reverse

from accounts.roles import Role
from tests.factories import PASSWORD, UserFactory, with_totp

from .test_login_and_mfa import totp_now

# allauth's wording and formal Dutch, in every language's way of writing it.
FORBIDDEN = {
    "en": [r"\bSign In\b", r"\bSign Out\b", r"Two-Factor", r"Remember Me", r"Confirm Access", r"reauthenticate"],
    "nl": [
        r"alstublieft",
        r"a\.u\.b\.",
        r"\b[Aa]anmelden\b",
        r"\b[Aa]fmelden\b",
        r"\b[Uu]w\b",
        r"\bu\b",
        r"Twee-factor",
        r"[Aa]uthenticeer",
        r"Onthouden",
    ],
    "da": [r"\bpassword\b", r"venligst", r"[Gg]enautentificer", r"To-faktor", r"Husk mig", r"autentificering"],
}


class _Text(HTMLParser):
    """The text a reader sees or hears: the content, labels and the attributes read aloud."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")
        for name, value in attrs:
            if name in ("placeholder", "aria-label", "alt", "title") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def text_of(response) -> str:
    parser = _Text()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


def assert_portal_voice(response, language, *expected):
    assert response.status_code == 200, response.status_code
    text = text_of(response)
    assert f'<html lang="{language}">' in response.content.decode()
    for pattern in FORBIDDEN[language] + (FORBIDDEN["en"] if language != "en" else []):
        assert not re.search(pattern, text), f"{pattern!r} on {response.request['PATH_INFO']}: {text}"
    for words in expected:
        assert words in text, f"{words!r} not on {response.request['PATH_INFO']}"
    return text


WORDS = {
    "en": {
        "log_in": "Log in",
        "code": "Code from your authenticator app",
        "one_more_step": "One more step",
        "confirm": "Confirm it is you",
        "set_up": "Set up your authenticator app",
        "log_out": "Do you want to log out of the portal?",
        "forgot": "Forgot your password?",
        "check_mail": "Check your e-mail",
        "choose": "Choose a new password",
        "saved": "Your new password is saved",
        "codes": "Recovery codes",
        "new_codes": "Make new recovery codes",
        "security": "Sign-in security",
        "mail_subject": "Choose a new password for the portal",
    },
    "nl": {
        "log_in": "Inloggen",
        "code": "Code uit je authenticator-app",
        "one_more_step": "Nog één stap",
        "confirm": "Bevestig dat jij het bent",
        "set_up": "Je authenticator-app instellen",
        "log_out": "Wil je uitloggen uit het portaal?",
        "forgot": "Wachtwoord vergeten?",
        "check_mail": "Kijk in je e-mail",
        "choose": "Kies een nieuw wachtwoord",
        "saved": "Je nieuwe wachtwoord is opgeslagen",
        "codes": "Herstelcodes",
        "new_codes": "Nieuwe herstelcodes maken",
        "security": "Inlogbeveiliging",
        "mail_subject": "Kies een nieuw wachtwoord voor het portaal",
    },
    "da": {
        "log_in": "Log ind",
        "code": "Kode fra din godkendelsesapp",
        "one_more_step": "Et skridt mere",
        "confirm": "Bekræft, at det er dig",
        "set_up": "Sæt din godkendelsesapp op",
        "log_out": "Vil du logge ud af portalen?",
        "forgot": "Glemt din adgangskode?",
        "check_mail": "Tjek din e-mail",
        "choose": "Vælg en ny adgangskode",
        "saved": "Din nye adgangskode er gemt",
        "codes": "Gendannelseskoder",
        "new_codes": "Lav nye gendannelseskoder",
        "security": "Sikkert login",
        "mail_subject": "Vælg en ny adgangskode til portalen",
    },
}

LANGUAGES = ["en", "nl", "da"]


@pytest.fixture
def visitor(client):
    def in_language(language):
        client.cookies["django_language"] = language
        return client

    return in_language


@pytest.mark.django_db
class TestPortalVoice:
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_the_login_page_has_no_remember_me_box(self, visitor, language):
        client = visitor(language)
        response = client.get(reverse("account_login"))
        assert_portal_voice(response, language, WORDS[language]["log_in"], WORDS[language]["forgot"])
        assert 'name="remember"' not in response.content.decode()
        assert "remember" not in response.context["form"].fields

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_logging_in_with_a_code_and_out_again(self, visitor, language):
        user = with_totp(UserFactory(roles=[Role.PSYCHOLOGIST], language=language))
        client = visitor(language)
        response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
        assert response.url == reverse("mfa_authenticate")
        page = client.get(response.url)
        assert_portal_voice(page, language, WORDS[language]["one_more_step"], WORDS[language]["code"])
        wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
        assert_portal_voice(wrong, language, WORDS[language]["code"])
        assert wrong.context["form"].errors
        assert client.post(reverse("mfa_authenticate"), {"code": totp_now()}).status_code == 302
        home = client.get(reverse("home"))
        assert home.context["user"] == user
        assert not [m for m in home.context["messages"]]  # no "Successfully signed in as ..."
        assert_portal_voice(client.get(reverse("account_logout")), language, WORDS[language]["log_out"])
        client.post(reverse("account_logout"))
        assert not client.get(reverse("home")).context["user"].is_authenticated

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_confirming_it_is_you_with_the_password_or_the_code(self, client, language):
        user = with_totp(UserFactory(roles=[Role.PSYCHOLOGIST], language=language))
        client.force_login(user)
        assert_portal_voice(client.get(reverse("account_reauthenticate")), language, WORDS[language]["confirm"])
        assert_portal_voice(client.get(reverse("mfa_reauthenticate")), language, WORDS[language]["code"])
        client.force_login(user, mfa=False)  # a session that still has to show its code
        page = client.get(reverse("mfa_reauthenticate"))
        assert_portal_voice(page, language, WORDS[language]["confirm"])
        assert reverse("account_reauthenticate") not in page.content.decode()  # it would only lead back

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_setting_up_the_authenticator_app_and_the_recovery_codes(self, client, language):
        from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

        user = UserFactory(roles=[Role.MANAGER], language=language)
        client.force_login(user)
        assert client.get(reverse("home")).url == reverse("mfa_activate_totp")
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        page = client.get(reverse("mfa_activate_totp"))
        assert_portal_voice(page, language, WORDS[language]["set_up"], WORDS[language]["code"])
        secret = page.context["form"].secret
        assert secret in page.content.decode()
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        response = client.post(reverse("mfa_activate_totp"), {"code": code})
        assert response.status_code == 302 and response.url == reverse("mfa_view_recovery_codes")
        # allauth records the set-up as this session's MFA on commit, which a test transaction
        # never reaches: log in again as after a full login.
        client.force_login(user)
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        codes = client.get(response.url)
        assert_portal_voice(codes, language, WORDS[language]["codes"])
        assert_portal_voice(client.get(reverse("mfa_index")), language, WORDS[language]["security"])
        assert_portal_voice(client.get(reverse("mfa_generate_recovery_codes")), language, WORDS[language]["new_codes"])
        assert_portal_voice(client.get(reverse("mfa_deactivate_totp")), language)

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_choosing_a_new_password_from_the_email_link(self, visitor, language):
        user = UserFactory(language=language)
        client = visitor(language)
        assert_portal_voice(client.get(reverse("account_reset_password")), language, WORDS[language]["forgot"])
        response = client.post(reverse("account_reset_password"), {"email": user.email})
        assert_portal_voice(client.get(response.url), language, WORDS[language]["check_mail"])
        message = mail.outbox[-1]
        assert message.subject == WORDS[language]["mail_subject"]
        link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", message.body).group(1)
        words = message.body.replace(link, "")
        for pattern in FORBIDDEN[language] + ["Hello from", "Thank you for using"]:
            assert not re.search(pattern, words), pattern
        form_page = client.get(link, follow=True)
        assert_portal_voice(form_page, language, WORDS[language]["choose"])
        response = client.post(
            form_page.request["PATH_INFO"], {"password1": "a-new-long-password", "password2": "a-new-long-password"}
        )
        assert_portal_voice(client.get(response.url), language, WORDS[language]["saved"])
        user.refresh_from_db()
        assert user.check_password("a-new-long-password")
        # The link works once.
        assert_portal_voice(client.get(link, follow=True), language)

    @pytest.mark.parametrize("language", ["nl", "da"])
    def test_a_reset_for_an_unknown_address_does_not_invite_a_sign_up(self, visitor, language):
        client = visitor(language)
        client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
        message = mail.outbox[-1]
        assert "nobody@example.org" in message.body
        assert "/accounts/signup/" not in message.body
        for pattern in FORBIDDEN[language]:
            assert not re.search(pattern, message.body + message.subject), pattern

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_changing_the_password(self, client, language):
        user = UserFactory(language=language)
        client.force_login(user)
        page = client.get(reverse("account_change_password"))
        assert_portal_voice(page, language)
        assert "12" in text_of(page)  # the rule, in the portal's words, with the configured length

    @pytest.mark.parametrize(
        "language,closed,no_sign_up",
        [
            ("en", "Your account is closed", "Accounts come from your organisation"),
            ("nl", "Je account is gesloten", "Je account krijg je van je organisatie"),
            ("da", "Din konto er lukket", "Din konto får du af din arbejdsplads"),
        ],
    )
    def test_someone_who_left_or_has_no_account_is_told_plainly(self, visitor, language, closed, no_sign_up):
        # Switched off in the admin ("active" unticked): the password still matches.
        user = UserFactory(language=language, is_active=False)
        client = visitor(language)
        response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=True)
        text = assert_portal_voice(response, language, closed)
        assert not response.context["user"].is_authenticated
        assert reverse("surveys:list") in response.content.decode() and text
        assert_portal_voice(client.get(reverse("account_signup")), language, no_sign_up)
