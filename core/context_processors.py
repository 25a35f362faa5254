from django.conf import settings


def portal(request):
    return {
        "emergency_number": settings.EMERGENCY_NUMBER,
        "non_emergency_number": settings.NON_EMERGENCY_NUMBER,
        "crisis_line_name": settings.CRISIS_LINE_NAME,
        "crisis_line_number": settings.CRISIS_LINE_NUMBER,
        "peer_support_phone": settings.PEER_SUPPORT_PHONE,
    }
