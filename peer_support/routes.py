"""Who handles each kind of request, and what the person is told about it.

One table for every help route: the role that handles it, whether it is handled per
region (with the region's coordinators), and the sentences that tell the person who can
read it and who will contact them. The routing (`services.requests`), the access rules
(`access.may_view_request`) and the pages all read it here, so the words cannot say
something the rules do not do (tests/peer_support/test_who_can_see.py holds them together).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role

from .models import SupportRequest

Route = SupportRequest.Route


@dataclass(frozen=True)
class RouteRules:
    handler_role: str
    # Handled per region by its peer supporters, with the region's coordinators watching over it.
    regional: bool
    # "Who can see this", the same sentence on the form, the confirmation and the status page.
    readers_note: Promise
    # One line under the route on the list of help routes.
    summary: Promise
    # The subject of the requester's sentences before someone took it: "A colleague will call you ...".
    handler: Promise
    # The requester's status while nobody has taken it, and once someone has.
    waiting: Promise
    coming: Promise

    @property
    def reader_roles(self) -> tuple[str, ...]:
        """The roles (besides the person who asked) whose members may open such a request."""
        return (self.handler_role, Role.COORDINATOR) if self.regional else (self.handler_role,)


ROUTES: dict[str, RouteRules] = {
    Route.PEER_SUPPORT: RouteRules(
        handler_role=Role.PEER_SUPPORTER,
        regional=True,
        readers_note=_(
            "Who can see this: the peer supporters of your region who could take your request, the one who "
            "takes it, and the peer support coordinators. If nobody takes it in time, the team of a neighbouring "
            "region can see it too. Supporters from your own team or your line of command never see it, nor "
            "colleagues involved in the same incident as you, nor anyone you name. Your manager cannot see it."
        ),
        summary=_("A trained colleague contacts you, in confidence."),
        handler=_("A colleague"),
        waiting=_("Waiting for a colleague"),
        coming=_("A colleague will contact you"),
    ),
    Route.CONFIDENTIAL_REPORT: RouteRules(
        handler_role=Role.COUNSELLOR,
        regional=False,
        readers_note=_("Who can see this: only the confidential counsellors. Your manager cannot see it."),
        summary=_("Goes to the confidential counsellor only. Never to your manager."),
        handler=_("A confidential counsellor"),
        waiting=_("Waiting for a confidential counsellor"),
        coming=_("A confidential counsellor will contact you"),
    ),
    Route.JOB_ROTATION: RouteRules(
        handler_role=Role.WELLBEING_OFFICER,
        regional=False,
        readers_note=_("Who can see this: only the wellbeing officers. Your manager cannot see it."),
        summary=_("Goes to the wellbeing officers."),
        handler=_("A wellbeing officer"),
        waiting=_("Waiting for a wellbeing officer"),
        coming=_("A wellbeing officer will contact you"),
    ),
    Route.SUPPORT_PERSON: RouteRules(
        handler_role=Role.WELLBEING_OFFICER,
        regional=False,
        readers_note=_("Who can see this: only the wellbeing officers. Your manager cannot see it."),
        summary=_("For staff seriously injured at work: the wellbeing officers arrange a support person from outside."),
        handler=_("A wellbeing officer"),
        waiting=_("Waiting for a wellbeing officer"),
        coming=_("A wellbeing officer will contact you"),
    ),
}

# The other help routes, offered together on one page, each handled by one role.
OTHER_ROUTES = (Route.CONFIDENTIAL_REPORT, Route.JOB_ROTATION, Route.SUPPORT_PERSON)

# Who handles each route. Peer support is handled per region by its peer supporters.
ROUTE_HANDLER_ROLE = {route: rules.handler_role for route, rules in ROUTES.items()}


def rules_for(route: str) -> RouteRules:
    return ROUTES[route]
