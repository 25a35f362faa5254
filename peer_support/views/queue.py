"""The supporters' queue, their availability ("I am available now", on top of the rota), and the
coordinator's view of a region: who is on duty now, gaps in cover, open requests."""

from functools import partial

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import form_errors_to_messages, post_action
from core.audit import audit_record_many

from .. import rota, selectors
from ..access import duty_supporter_for_user
from ..forms import DutyForm
from ..regions import region_of_user
from ..services import meetings
from ..services import requests as svc


@login_required
@permission_required("accounts.work_support_queue", raise_exception=True)
def queue(request):
    user = request.user
    new_requests = list(selectors.queue_new_requests(user=user))
    if request.headers.get("HX-Request"):
        # The page's once-a-minute refresh: only the new requests, which show no names, so
        # nothing is written to anyone's access log by a queue left open all day.
        fragment = {"new_requests": new_requests, "now": timezone.now()}
        return render(request, "peer_support/_queue_new_requests.html", fragment)
    context = {
        "region": region_of_user(user),
        "new_requests": new_requests,
        "my_requests": list(selectors.my_open_requests(user=user)),
        "outreach": list(selectors.queue_outreach_tasks(user=user)),
        "my_steps": list(selectors.my_steps(user=user)),
        "my_meetings": list(selectors.meetings_led_by(user=user)),
        "on_duty": getattr(getattr(user, "support_duty", None), "on_duty", True),
        "duty_board": rota.duty_now(region=region_of_user(user), at=timezone.now()),
        "now": timezone.now(),
    }
    # The page names the people of these requests and plans: each of them may see that it did.
    audit_record_many(
        actor=user,
        action="peer_support.queue.list",
        shown=[(r, r.requester) for r in context["my_requests"]]
        + [(step.plan, step.plan.person) for step in context["outreach"] + context["my_steps"]],
    )
    return render(request, "peer_support/queue.html", context)


@login_required
@require_POST
@permission_required("accounts.work_support_queue", raise_exception=True)
def duty_set(request):
    """A supporter sets their own availability; a coordinator may set it for their region."""
    form = DutyForm(request.POST)
    back = "peer_support:coordination" if request.POST.get("next") == "coordination" else "peer_support:queue"
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(back)
    supporter = duty_supporter_for_user(request.user, form.cleaned_data["supporter"])
    on_duty = request.POST.get("on_duty") == "1"
    success = _("Available for new requests.") if on_duty else _("Not available now. New requests go to others.")
    set_duty = partial(svc.supporter_duty_set, supporter=supporter, on_duty=on_duty)
    return post_action(request, set_duty, success=success, then=back)


@login_required
@require_POST
@permission_required("accounts.coordinate_support", raise_exception=True)
def meeting_leader_set(request):
    """The coordinator marks a supporter of the region as trained to lead group meetings (or not)."""
    form = DutyForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["supporter"]:
        form_errors_to_messages(request, form)
        return redirect("peer_support:coordination")
    supporter = duty_supporter_for_user(request.user, form.cleaned_data["supporter"])
    leads = request.POST.get("leads") == "1"
    success = _("Can now lead group meetings.") if leads else _("No longer offered to lead group meetings.")
    set_leader = partial(meetings.supporter_meeting_leader_set, supporter=supporter, leads=leads, by=request.user)
    return post_action(request, set_leader, success=success, then="peer_support:coordination")


@login_required
@permission_required("accounts.coordinate_support", raise_exception=True)
def coordination(request):
    region = region_of_user(request.user)
    now = timezone.now()
    context = {
        "region": region,
        "duty_board": rota.duty_now(region=region, at=now),
        "gaps": rota.cover_gaps(region=region, start=now) if region else [],
        "lookahead_days": rota.ROTA_LOOKAHEAD_DAYS,
        "requests": list(selectors.region_open_requests(region=region, user=request.user)),
        "supporters": list(selectors.region_supporters(region=region)),
        "figures": selectors.response_figures(region=region),
        "now": timezone.now(),
    }
    return render(request, "peer_support/coordination.html", context)


@login_required
def alerts(request):
    """Alerts for you: what the alert chain asked of this person, while it still waits. Shows no
    names (the request's own page does, and logs the look), so nothing is audited here."""
    return render(request, "peer_support/alerts.html", {"alerts": selectors.open_alerts(user=request.user)})
