"""Ask an expert: the asker's pages, the psychologists' queue, and making an article."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.actions import post_action
from core.errors import DomainError

from . import access, selectors, services
from .forms import AnswerForm, ArticleForm, ConsentForm, QuestionForm
from .models import Question

asker_door = permission_required("accounts.use_employee_services", raise_exception=True)
team_door = permission_required("experts.answer_questions", raise_exception=True)
publish_door = permission_required("experts.publish_answers", raise_exception=True)


def _call_for_form(request, form, call):
    """Run a service for a valid form; a refusal becomes an error on the form, so that the
    person keeps what they wrote. Returns the result, or None when it did not go through."""
    if not form.is_valid():
        return None
    try:
        return call()
    except DomainError as error:
        form.add_error(None, error.message)
        return None


# --- The asker ----------------------------------------------------------------------------


@login_required
@asker_door
@require_http_methods(["GET", "POST"])
def ask(request):
    form = QuestionForm(request.POST or None)
    if request.method == "POST":
        call = functools.partial(services.question_ask, asker=request.user)
        if _call_for_form(request, form, lambda: call(**form.service_arguments())) is not None:
            messages.success(
                request,
                _("Your question has been sent. We will e-mail you when there is an answer; you read it here."),
            )
            return redirect("experts:mine")
    has_questions = selectors.questions_for_asker(user=request.user).exists()
    return render(request, "experts/question_form.html", {"form": form, "has_questions": has_questions})


@login_required
def replies(request):
    """The e-mail's link (/me/replies/): a path that names no kind of help, so that the mail
    and the outbox row say nothing of what the reply is about. After login, the questions."""
    return redirect("experts:mine")


@login_required
@asker_door
def mine(request):
    questions = selectors.questions_for_asker(user=request.user)
    return render(request, "experts/question_list.html", {"questions": questions})


@login_required
@asker_door
def question(request, pk):
    question = access.question_for_asker(request.user, pk)
    return render(request, "experts/question_detail.html", {"question": question})


@login_required
@asker_door
@require_POST
def withdraw(request, pk):
    question = access.question_for_asker(request.user, pk)
    return post_action(
        request,
        functools.partial(services.question_withdraw, question=question, asker=request.user),
        success=_("Your question has been withdrawn and deleted."),
        then="experts:mine",
        failed=question_url(question),
    )


@login_required
@asker_door
@require_POST
def consent(request, pk):
    question = access.question_for_asker(request.user, pk)

    def success(result):
        if result.consent_to_publish:
            return _("Thank you. Your question and the answer may be published without anything personal.")
        return _("Your question and the answer will not be published.")

    return post_action(
        request,
        functools.partial(services.question_consent_set, question=question, asker=request.user),
        success=success,
        then=question_url(question),
        form=ConsentForm(request.POST),
    )


def question_url(question: Question) -> str:
    return reverse("experts:question", args=[question.pk])


# --- The psychologists' team ----------------------------------------------------------------


@login_required
@team_door
def queue(request):
    if not access.on_team(request.user):
        return render(request, "experts/queue.html", {"open": [], "answered": [], "off_team": True})
    open_questions = list(selectors.questions_open(user=request.user))
    answered = list(selectors.questions_answered_by(user=request.user))
    return render(request, "experts/queue.html", {"open": open_questions, "answered": answered})


@login_required
@team_door
@require_http_methods(["GET", "POST"])
def team_question(request, pk):
    question = access.question_for_team(request.user, pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        call = functools.partial(services.question_answer, question=question, psychologist=request.user)
        if _call_for_form(request, form, lambda: call(answer=form.cleaned_data["answer"])) is not None:
            messages.success(
                request, _("Your answer has been saved. The person gets an e-mail that a reply is waiting.")
            )
            return redirect("experts:queue")
    asker = access.asker_for_team(request.user, question)
    context = {"question": question, "asker": asker, "form": form, "mine": question.claimed_by_id == request.user.pk}
    return render(request, "experts/team_question.html", context)


@login_required
@team_door
@require_POST
def claim(request, pk):
    question = access.question_for_team(request.user, pk)
    return post_action(
        request,
        functools.partial(services.question_claim, question=question, psychologist=request.user),
        success=_("You have taken this question."),
        then=reverse("experts:team_question", args=[question.pk]),
    )


@login_required
@team_door
@require_POST
def release(request, pk):
    question = access.question_for_team(request.user, pk)
    return post_action(
        request,
        functools.partial(services.question_release, question=question, psychologist=request.user),
        success=_("The question is back in the team's queue."),
        then="experts:queue",
    )


# --- Articles ------------------------------------------------------------------------------


@login_required
@publish_door
def publishable(request):
    questions = list(selectors.questions_publishable()) if access.may_publish(request.user) else []
    return render(request, "experts/publishable.html", {"questions": questions})


@login_required
@publish_door
@require_http_methods(["GET", "POST"])
def article(request, pk):
    question = access.question_for_publisher(request.user, pk)
    initial = {"question_text": question.text, "answer_text": question.answer, "language": request.LANGUAGE_CODE}
    form = ArticleForm(request.POST or None, initial=initial)
    if request.method == "POST":

        def call():
            data = form.cleaned_data
            return services.question_article_make(
                question=question,
                editor=request.user,
                question_text=data["question_text"],
                answer_text=data["answer_text"],
                language=data["language"],
            )

        made = _call_for_form(request, form, call)
        if made is not None:
            # The psychologist's part ends here: an editor of the health square checks the
            # draft (the edited texts only) and publishes it.
            messages.success(
                request, _("A draft article has been made. An editor checks it once more and publishes it.")
            )
            return redirect("experts:publishable")
    return render(request, "experts/article_form.html", {"question": question, "form": form})
