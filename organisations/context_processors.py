"""The numbers of the reader's organisation, on every page (the 500 page excepted, which must not
need the database and shows the settings defaults: `core.context_processors.portal`)."""

from .selectors import organisation_for_request, organisations_for_chooser


def portal(request):
    organisation = organisation_for_request(request)
    context = {
        "portal_organisation": organisation,
        # How a number written without a country code is dialled (the tel_link filters).
        "portal_country": organisation.country,
        "emergency_number": organisation.emergency_number,
        "emergency_name": organisation.emergency_name,
        "non_emergency_number": organisation.non_emergency_number,
        "non_emergency_name": organisation.non_emergency_name,
        "crisis_line_name": organisation.crisis_line_name,
        "crisis_line_number": organisation.crisis_line_number,
        "peer_support_phone": organisation.peer_support_phone,
        "organisation_choices": [],
    }
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        choices = organisations_for_chooser(request)
        if len(choices) > 1:
            context["organisation_choices"] = choices
    return context
