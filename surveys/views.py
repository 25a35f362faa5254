"""The anonymous self-test: list, answer, result, save as file, retake reminder; and the
officer's statistics.

Answers arrive only in POST bodies and are never stored or logged: the result page is
rendered from them and forgotten. The only write is one anonymous statistics row.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.i18n import active_language
from organisations.selectors import organisation_of, selftest_min_group

from .engine import score
from .forms import ReminderForm, SelfTestForm
from .selectors import selftest_get, selftests_offered, statistics_tables
from .services import retake_reminder_request, statistic_record


@require_GET
def selftest_list(request):
    language = active_language()
    tests = [
        {
            "instrument": i,
            "name": i.name,
            "purpose": i.purpose,
            "validated": i.is_validated(language),
            # PHQ-9 has nine questions and one more that may be skipped (and is not scored).
            "questions": sum(1 for item in i.items if item.required),
            "optional_questions": sum(1 for item in i.items if not item.required),
        }
        # Grouped on the page by audience ("how are you doing lately" first, then "after an incident").
        for i in sorted(selftests_offered(), key=lambda i: (i.audience == "after_incident", i.order, i.key))
    ]
    return render(request, "surveys/selftest_list.html", {"tests": tests, "language": language})


def _form_page(request, instrument, form):
    return render(
        request,
        "surveys/selftest_form.html",
        {
            "instrument": instrument,
            "form": form,
            "questions": list(form.questions()),
            "language": active_language(),
            "validated": instrument.is_validated(active_language()),
            "translation": instrument.translations.get(active_language(), {}),
        },
    )


def _result_context(request, instrument, form):
    result = score(instrument, form.answers())
    language = active_language()
    return {
        "instrument": instrument,
        "result": result,
        "parts": [r for r in result.scales if not r.scale.bands],
        "language": language,
        "answers": form.answers(),
        "answered": [
            {"text": q["text"], "answer": next((o["label"] for o in q["options"] if o["checked"]), "")}
            for q in form.questions()
        ],
        "validated": instrument.is_validated(language),
        "checkup_url": reverse("checkups:start"),
        "peer_support_url": reverse("peer_support:request_create"),
        "open_consultation_url": reverse("checkups:open_start"),
        "reminder_form": ReminderForm() if request.user.is_authenticated else None,
        "today": timezone.localdate(),
    }


@require_http_methods(["GET", "POST"])
def selftest_take(request, key):
    """GET: the questions. POST: the result (or, with `edit`, the questions again, filled in).

    Not `post_action`: the answers live only in this POST body, so the result is rendered
    from it, never redirected to (the plain form pattern: the form again with its errors,
    or the result and the one service call that counts it anonymously)."""
    instrument = selftest_get(key)
    language = active_language()
    if request.method == "GET":
        # Anything in the query string is ignored: answers never travel in a URL.
        return _form_page(request, instrument, SelfTestForm(instrument=instrument, language=language))
    request.no_store = True  # the page shows someone's answers or result
    if "edit" in request.POST:
        # Back to change answers: the form filled in, as a new attempt, without error messages.
        answers = {k: v for k, v in request.POST.items() if k not in ("attempt", "csrfmiddlewaretoken", "edit")}
        return _form_page(request, instrument, SelfTestForm(instrument=instrument, language=language, initial=answers))
    form = SelfTestForm(request.POST, instrument=instrument, language=language)
    if not form.is_valid():
        # 200, not 400: Django would log every unfinished self-test as a "Bad Request" warning.
        return _form_page(request, instrument, form)
    context = _result_context(request, instrument, form)
    statistic_record(result=context["result"], attempt=form.cleaned_data.get("attempt", ""))
    return render(request, "surveys/selftest_result.html", context)


@require_POST
def selftest_download(request, key):
    """The result as a small HTML file for the person's own device; nothing is kept."""
    instrument = selftest_get(key)
    request.no_store = True
    form = SelfTestForm(request.POST, instrument=instrument, language=active_language())
    if not form.is_valid():
        return _form_page(request, instrument, form)
    context = _result_context(request, instrument, form)
    content = render_to_string("surveys/selftest_file.html", context, request=request)
    response = HttpResponse(content, content_type="text/html; charset=utf-8")
    # A neutral name: a downloads folder on a shared computer should not say which test it was.
    filename = f"result-{context['today'].isoformat()}.html"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _result_from_body(request):
    """The result page again, when the result page's form sent the test and answers along."""
    key = request.POST.get("instrument", "")
    if not key:
        return None
    instrument = selftest_get(key)
    form = SelfTestForm(request.POST, instrument=instrument, language=active_language())
    return _result_context(request, instrument, form) if form.is_valid() else None


@login_required
@require_POST
def selftest_reminder(request):
    """Ask for a neutral reminder to take a self-test again.

    One URL for every test: the access log shows only that someone asked for a reminder.
    The test and answers, when the result page sends them to be shown again, travel in the
    POST body, which is never logged, and are not stored.

    Not `post_action`: the result is stored nowhere, so there is no page to redirect back
    to; the result page is rendered again from the body, with the reminder form and its
    errors (the plain form pattern, one service call). The form offers only the periods
    the service accepts, so the service's refusal cannot come from here.
    """
    request.no_store = True
    context = _result_from_body(request)
    reminder = ReminderForm(request.POST)
    reminder_set = reminder.is_valid()
    if reminder_set:
        asked = retake_reminder_request(user=request.user, weeks=reminder.cleaned_data["weeks"])
        messages.success(
            request,
            _("We will send you a short reminder on %(day)s. It does not say which test or what you answered.")
            % {"day": date_format(asked.due_on, "DATE_FORMAT")},
        )
    if context is None:
        # Asked from a page without a result: back to the list of self-tests, with the outcome.
        if not reminder_set:
            messages.error(request, _("Choose when you would like the reminder."))
        return redirect("surveys:list")
    context["reminder_form"] = reminder
    context["reminder_set"] = reminder_set
    return render(request, "surveys/selftest_result.html", context)


@login_required
@permission_required("surveys.view_selftest_statistics", raise_exception=True)
@require_GET
def statistics(request):
    minimum = selftest_min_group(organisation_of(request.user))
    return render(
        request,
        "surveys/statistics.html",
        {"tables": statistics_tables(minimum=minimum), "minimum": minimum, "language": active_language()},
    )
