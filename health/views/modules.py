"""Learning modules: lessons in order, then a light check with feedback.

Anyone may read them; only a logged-in reader's progress is kept, for that reader alone.
The answers to the check are never stored, and nobody is graded.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..access import module_for_reader
from ..forms import CheckForm
from ..markup import render_markdown
from ..selectors import progress_of
from ..services import module_check_done, module_lesson_done


def _lesson(module, number):
    lessons = list(module.lessons.all())
    current = next((lesson for lesson in lessons if lesson.number == number), None)
    if current is None:
        raise Http404
    later = [lesson for lesson in lessons if lesson.number > number]
    return lessons, current, (later[0] if later else None)


def module(request, slug):
    module = module_for_reader(slug)
    lessons = list(module.lessons.all())
    return render(
        request,
        "health/module.html",
        {"module": module, "lessons": lessons, "progress": progress_of(request.user, module)},
    )


def lesson(request, slug, number):
    module = module_for_reader(slug)
    lessons, current, following = _lesson(module, number)
    return render(
        request,
        "health/lesson.html",
        {
            "module": module,
            "lessons": lessons,
            "lesson": current,
            "body": render_markdown(current.body),
            "following": following,
            "position": lessons.index(current) + 1,
            "progress": progress_of(request.user, module),
        },
    )


@require_POST
def lesson_done(request, slug, number):
    module = module_for_reader(slug)
    _lessons, current, following = _lesson(module, number)
    if request.user.is_authenticated:
        module_lesson_done(user=request.user, module=module, number=current.number)
    if following is not None:
        return redirect("health:lesson", slug=module.slug, number=following.number)
    return redirect("health:check", slug=module.slug)


def check(request, slug):
    request.no_store = True  # the answers on the page are the reader's own
    module = module_for_reader(slug)
    questions = list(module.questions.prefetch_related("choices"))
    form = CheckForm(request.POST or None, questions=questions)
    feedback = None
    if request.method == "POST" and form.is_valid():
        feedback = form.feedback()
        if request.user.is_authenticated:
            module_check_done(user=request.user, module=module)
    return render(
        request,
        "health/check.html",
        {"module": module, "form": form, "feedback": feedback, "progress": progress_of(request.user, module)},
    )
