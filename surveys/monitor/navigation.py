"""The monitor's entry points on the home page and in the menu, registered with the
self-test's in `SurveysConfig.ready()` (the monitor shares the `surveys` app config)."""

from django.utils.translation import gettext_lazy as _

from core.navigation import Link

from .selectors import has_published_results, open_invitations


def _has_open_invitation(user) -> bool:
    return bool(open_invitations(user))


def _has_published_results(user) -> bool:
    return has_published_results(user) and not _has_open_invitation(user)


def _can_read_results(user) -> bool:
    # The permission at the door of the campaigns and results pages (officers have it too).
    return user.has_perm("accounts.view_unit_aggregates")


LINKS = (
    Link(
        url_name="monitor:home",
        label=_("Survey about your work"),
        description=_("A short, anonymous questionnaire about your work is open. Nobody can see what you answer."),
        section="self",
        order=5,
        visible=_has_open_invitation,
    ),
    Link(
        url_name="monitor:home",
        label=_("Work survey results"),
        description=_("What your unit said in the work survey, and what is being done about it."),
        section="self",
        order=60,
        visible=lambda user: not _can_read_results(user) and _has_published_results(user),
    ),
    Link(
        url_name="monitor:campaigns",
        label=_("Work survey"),
        description=_("Campaigns, anonymous results per unit, and measures."),
        section="admin",
        order=30,
        visible=_can_read_results,
    ),
)
