"""How a POST action reads, in every app: one form (optional), one service call, one message,
one redirect. Decorators guard the door (login, POST, permission); the view loads the object
through its app's access helper and hands the rest to `post_action`."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from .errors import DomainError


def form_errors_to_messages(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def post_action(
    request,
    call: Callable,
    *,
    success: str | Callable | None,
    then,
    form=None,
    failed=None,
) -> HttpResponse:
    """Run `call` for a POST and redirect to `then` (a URL, a view name or a model with
    `get_absolute_url`; a callable gets the call's result).

    - `form`: validated first; its errors become messages and nothing is called. `call`
      then receives the form's cleaned data as keyword arguments.
    - `success`: the message shown when the call went through (a callable gets its result).
    - A `DomainError` becomes an error message, and the redirect goes to `failed` (default:
      `then`; required when `then` depends on the result).
    """
    if failed is None:
        if callable(then) and not hasattr(then, "get_absolute_url"):
            raise TypeError("post_action needs `failed` when `then` depends on the result.")
        failed = then
    if form is not None and not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(failed)
    try:
        result = call(**form.cleaned_data) if form is not None else call()
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(failed)
    text = success(result) if callable(success) else success
    if text:
        messages.success(request, text)
    if callable(then) and not hasattr(then, "get_absolute_url"):
        then = then(result)
    return redirect(then)
