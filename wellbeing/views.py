from functools import partial

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role
from core.actions import post_action
from core.context_processors import portal

from .handover import handover_booking_offer, handover_item_done, handover_item_for_user, handover_overview


def home(request):
    """The first screen: three doors for an employee, the work queue for staff."""
    user = request.user
    roles = user.role_names if user.is_authenticated else set()
    staff_roles = roles - {Role.EMPLOYEE.value, Role.MANAGER.value}
    return render(request, "wellbeing/home.html", {"roles": roles, "is_staff_role": bool(staff_roles)})


def server_error(request):
    """The 500 page, rendered without the request: no context processor, no session and no
    user, so it needs no query and still shows the emergency numbers when the database is down.
    The reader's language is the one the middleware activated before the error."""
    return HttpResponseServerError(loader.render_to_string("500.html", portal(None)))


# --- The open work of people who left -----------------------------------------------------


@login_required
@permission_required("accounts.hand_over_work", raise_exception=True)
def handover(request):
    urgent, accounts = handover_overview(user=request.user)
    return render(request, "wellbeing/handover.html", {"urgent": urgent, "accounts": accounts})


@login_required
@require_POST
@permission_required("accounts.hand_over_work", raise_exception=True)
def handover_done(request, pk):
    item = handover_item_for_user(request.user, pk)
    done = partial(handover_item_done, item=item, by=request.user)
    return post_action(request, done, success=_("Marked as handed over."), then="handover")


@login_required
@require_POST
@permission_required("checkups.manage_checkups", raise_exception=True)
def handover_booking(request, pk):
    item = handover_item_for_user(request.user, pk)
    offer = partial(handover_booking_offer, item=item, by=request.user)
    success = _("The appointment is off and the person has been told; the first free time is kept for them.")
    return post_action(request, offer, success=success, then="handover")
