from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.roles import Role

from ..forms import HelpRouteForm
from ..models import SupportRequest
from ..routes import rules_for
from ..services import SupportError
from ..services import requests as svc
from ..wording import contact_promise
from .requests import contact_initial

Route = SupportRequest.Route
OTHER_ROUTES = [Route.CONFIDENTIAL_REPORT, Route.JOB_ROTATION, Route.SUPPORT_PERSON]


@login_required
@permission_required("accounts.use_employee_services", raise_exception=True)
def help_routes(request):
    mine = SupportRequest.objects.filter(requester=request.user, route__in=OTHER_ROUTES).select_related("assigned_to")
    return render(request, "peer_support/help_routes.html", {"routes": OTHER_ROUTES, "mine": mine})


@login_required
@permission_required("accounts.use_employee_services", raise_exception=True)
def help_route_create(request, route):
    if route not in OTHER_ROUTES:
        raise Http404
    route = Route(route)
    form = HelpRouteForm(request.POST or None, language=request.user.language, initial=contact_initial(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            created = svc.support_request_create(requester=request.user, route=route, **form.cleaned_data)
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you. %(next)s") % {"next": contact_promise(created)})
            return redirect("peer_support:request_detail", created.pk)
    context = {"form": form, "route": route, "rules": rules_for(route)}
    return render(request, "peer_support/help_route_create.html", context)


def _handled_routes(user) -> list[str]:
    return [route for route in OTHER_ROUTES if user.has_role(svc.ROUTE_HANDLER_ROLE[route])]


@login_required
def help_inbox(request):
    routes = _handled_routes(request.user)
    if not routes:
        raise Http404
    requests = (
        SupportRequest.objects.filter(route__in=routes, status__in=SupportRequest.OPEN_STATUSES)
        .select_related("assigned_to")
        .order_by("created_at")
    )
    return render(
        request,
        "peer_support/help_inbox.html",
        {"requests": requests, "is_counsellor": request.user.has_role(Role.COUNSELLOR)},
    )
