"""`manage.py demo_totp`: the demo users' current code, only in the embedded demo."""

import datetime as dt
import io

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import validate_totp_code
from django.core.management import CommandError, call_command

from wellbeing.management.commands.seed_demo import DEMO_TOTP_SECRET


def run() -> list[str]:
    out = io.StringIO()
    call_command("demo_totp", stdout=out)
    return out.getvalue().splitlines()


def test_it_prints_the_code_an_authenticator_with_the_demo_secret_shows_now(settings):
    settings.DEBUG = True
    code, validity = run()[:2]
    assert len(code) == 6 and code.isdigit()
    assert validate_totp_code(DEMO_TOTP_SECRET, code)
    assert validity.startswith("valid for ") and "seconds" in validity


@time_machine.travel(dt.datetime(2026, 3, 1, 12, 0, 27, tzinfo=dt.UTC), tick=False)
def test_near_the_end_of_its_window_it_also_gives_the_next_code(settings):
    settings.DEBUG = True
    lines = run()
    assert lines[1] == "valid for 3 more seconds; each code logs in once"
    assert lines[2].startswith("the next code, in 3 seconds: ")
    assert lines[2][-6:] != lines[0]


def test_it_refuses_to_run_outside_the_embedded_demo(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=true"):
        run()
