from django.conf import settings


def portal(request):
    """The numbers from the settings: the 500 page's, which must not need the database (every
    other page gets its reader's organisation's, `organisations.context_processors.portal`)."""
    return {
        "portal_organisation": None,
        "portal_country": "",
        "emergency_number": settings.EMERGENCY_NUMBER,
        "non_emergency_number": settings.NON_EMERGENCY_NUMBER,
        "crisis_line_name": settings.CRISIS_LINE_NAME,
        "crisis_line_number": settings.CRISIS_LINE_NUMBER,
        "peer_support_phone": settings.PEER_SUPPORT_PHONE,
    }
