"""The shared pieces every app uses the same way: the domain error, a POST action, a text in
the reader's language (see docs/conventions.md)."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.utils import translation

from core.actions import post_action
from core.errors import DomainError
from core.i18n import localised, pick


def _request():
    request = RequestFactory().post("/somewhere/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _texts(request):
    return [(m.level_tag, str(m)) for m in get_messages(request)]


class CountForm(forms.Form):
    count = forms.IntegerField(min_value=1)


def test_a_post_action_reports_success_and_redirects():
    request = _request()
    response = post_action(request, lambda: 7, success=lambda n: f"{n} done", then="/next/")
    assert response.status_code == 302 and response.url == "/next/"
    assert _texts(request) == [("success", "7 done")]


def test_a_refusal_becomes_a_message_and_nothing_else():
    request = _request()

    def refuse():
        raise DomainError("Someone else took it.")

    response = post_action(request, refuse, success="done", then="/next/", failed="/back/")
    assert response.url == "/back/" and _texts(request) == [("error", "Someone else took it.")]


def test_a_bug_is_never_shown_as_a_refusal():
    with pytest.raises(ZeroDivisionError):
        post_action(_request(), lambda: 1 / 0, success="done", then="/next/")


def test_an_invalid_form_calls_nothing_and_a_valid_one_passes_its_data():
    calls = []
    request = _request()
    post_action(request, lambda count: calls.append(count), success="ok", then="/n/", form=CountForm({"count": 0}))
    assert calls == [] and _texts(request)[0][0] == "error"
    post_action(_request(), lambda count: calls.append(count), success="ok", then="/n/", form=CountForm({"count": 3}))
    assert calls == [3]


def test_a_redirect_that_depends_on_the_result_needs_a_place_to_go_back_to():
    with pytest.raises(TypeError):
        post_action(_request(), lambda: 1, success="ok", then=lambda result: f"/{result}/")
    response = post_action(_request(), lambda: 5, success="ok", then=lambda result: f"/{result}/", failed="/")
    assert response.url == "/5/"


def test_pick_follows_the_reader_and_falls_back_to_english_then_any():
    texts = {"en": "Talk", "nl": "Gesprek"}
    with translation.override("nl"):
        assert pick(texts) == "Gesprek"
    with translation.override("da"):
        assert pick(texts) == "Talk"
    assert pick({"da": "Samtale"}, "nl") == "Samtale"
    assert pick(None) == "" and pick({}, "en") == ""
    assert pick(texts, "nl-be") == "Gesprek"


def test_localised_reads_the_language_fields_of_a_model():
    class Kind:
        name_en, name_nl, name_da = "Check-up", "", "Tjek"

    with translation.override("da"):
        assert localised(Kind(), "name") == "Tjek"
    with translation.override("nl"):
        assert localised(Kind(), "name") == "Check-up"
