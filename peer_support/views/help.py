"""The other help routes: a confidential report, job rotation, a support person."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import render

from ..access import help_routes_handled_by
from ..forms import HelpRouteForm
from ..models import SupportRequest
from ..routes import OTHER_ROUTES
from .requests import ask_page, contact_initial


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
    route = SupportRequest.Route(route)
    form = HelpRouteForm(request.POST or None, language=request.user.language, initial=contact_initial(request.user))
    template = "peer_support/help_route_create.html"
    return ask_page(request, route=route, form=form, template=template, context={"route": route})


@login_required
def help_inbox(request):
    routes = help_routes_handled_by(request.user)
    if not routes:
        raise Http404
    support_requests = (
        SupportRequest.objects.filter(route__in=routes, status__in=SupportRequest.OPEN_STATUSES)
        .select_related("assigned_to")
        .order_by("created_at")
    )
    return render(request, "peer_support/help_inbox.html", {"requests": support_requests})
