from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import audit_entries_for_person

from .forms import LanguageForm, PreferencesForm
from .signals import LANGUAGE_CHOICE_SESSION_KEY


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings are saved."))
        return redirect("accounts:preferences")
    return render(request, "accounts/preferences.html", {"form": form})


@login_required
def access_log(request):
    """Everything someone else opened or changed of mine, or saw my name in a list of (invariant 4)."""
    return render(request, "accounts/access_log.html", {"lines": audit_entries_for_person(person=request.user)})


@require_POST
def language_set(request):
    """Switch language; a logged-in user's choice is saved on their account."""
    form = LanguageForm(request.POST)
    next_url = request.POST.get("next") or "/"
    # Only a path on this site. `redirect()` would take anything else that is not a URL
    # (a plain word) for the name of a view and fail when none has that name.
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
        else:
            # Saved on the account at login (accounts.signals): the choice made last wins.
            request.session[LANGUAGE_CHOICE_SESSION_KEY] = language
        from django.conf import settings

        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    return response


def admin_login(request):
    """The Django admin has no login form of its own: every login path goes through
    allauth, so that one throttle and one MFA step cover the admin too."""
    next_url = request.GET.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = reverse("admin:index")
    return redirect(reverse("account_login") + "?" + urlencode({"next": next_url}))


def email_addresses_closed(request):
    """Addresses come from the organisation (import or single sign-on). allauth's page to add
    one and make it the primary would change the login, and let a stolen session send a
    reset link to an address of the thief's choosing: it is not part of the portal."""
    raise Http404
