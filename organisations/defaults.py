"""The defaults of a new organisation: today's environment variables (wellbeing/settings.py).

A deployment configured by EMERGENCY_NUMBER, CRISIS_LINE_NAME, PEER_SUPPORT_ESCALATE_* and the
rest keeps its behaviour: its tree's organisation is created from them after `migrate`, and
a page read before any organisation exists shows them too.
"""

from django.conf import settings

from core.phones import FALLBACK_REGION, REGION_BY_TIME_ZONE

DEFAULT_ALERT_ACK_MINUTES = 15
DEFAULT_FIRST_CONTACT_HOURS = 4
DEFAULT_SMS_SENDER = "Wellbeing"


def organisation_defaults() -> dict:
    """Field values for a new organisation, read from the settings each time (tests change them)."""
    language = settings.LANGUAGE_CODE
    time_zone = settings.TIME_ZONE
    country = REGION_BY_TIME_ZONE.get(time_zone, FALLBACK_REGION)
    return {
        "country": country,
        "time_zone": time_zone,
        "languages": [{"NL": "nl", "DK": "da"}.get(country, language)],
        "emergency_number": settings.EMERGENCY_NUMBER,
        "emergency_name": "",
        "non_emergency_number": settings.NON_EMERGENCY_NUMBER,
        "non_emergency_name": "",
        "crisis_line_number": settings.CRISIS_LINE_NUMBER,
        "crisis_line_name_en": settings.CRISIS_LINE_NAME,
        "crisis_line_name_nl": settings.CRISIS_LINE_NAME,
        "crisis_line_name_da": settings.CRISIS_LINE_NAME,
        "peer_support_phone": settings.PEER_SUPPORT_PHONE,
        "escalate_urgent_minutes": settings.PEER_SUPPORT_ESCALATE_URGENT_MINUTES,
        "escalate_normal_hours": settings.PEER_SUPPORT_ESCALATE_NORMAL_HOURS,
        "alert_ack_minutes": getattr(settings, "PEER_SUPPORT_ALERT_ACK_MINUTES", DEFAULT_ALERT_ACK_MINUTES),
        "first_contact_hours": getattr(settings, "PEER_SUPPORT_FIRST_CONTACT_HOURS", DEFAULT_FIRST_CONTACT_HOURS),
        "default_protocol": settings.PEER_SUPPORT_DEFAULT_PROTOCOL,
        "selftest_min_group": settings.SELFTEST_MIN_GROUP,
        "monitor_min_group": settings.MONITOR_MIN_GROUP,
        "monitor_min_group_health": settings.MONITOR_MIN_GROUP_HEALTH,
        "sms_sender": getattr(settings, "SMS_SENDER", DEFAULT_SMS_SENDER),
    }
