from .help import SupporterDuty
from .incidents import CriticalIncident, FollowUpPlan, FollowUpStep, GroupMeeting, IncidentType
from .log import IncidentLogEntry
from .protocols import FollowUpProtocol, MeetingKind, ProtocolChoice, ProtocolChoiceChange, ProtocolStep, StepKind
from .reflection import ReflectionFramework, ReflectionSeries
from .requests import CaseNote, Referral, SupportRequest
from .rota import DutyAbsence, DutyExtraShift, DutyKind, DutyPattern, DutySwap, HandBack

__all__ = [
    "CaseNote",
    "CriticalIncident",
    "DutyAbsence",
    "DutyExtraShift",
    "DutyKind",
    "DutyPattern",
    "DutySwap",
    "FollowUpPlan",
    "FollowUpProtocol",
    "FollowUpStep",
    "HandBack",
    "GroupMeeting",
    "IncidentLogEntry",
    "IncidentType",
    "MeetingKind",
    "ProtocolChoice",
    "ProtocolChoiceChange",
    "ProtocolStep",
    "ReflectionFramework",
    "ReflectionSeries",
    "Referral",
    "StepKind",
    "SupportRequest",
    "SupporterDuty",
]
