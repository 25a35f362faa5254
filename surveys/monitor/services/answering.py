"""Answering: one person's draft (theirs only, encrypted) and the submit that hands their
answers over without their name (docs/privacy.md, "The path of one answer")."""

import json

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from notifications.services import messages_cancel_prefix

from ..models import COMMENT_MAX_LENGTH, Draft, HeldComment, HeldResponse, Participation, Submission
from ..questionnaire import questionnaire_for
from ..selectors import draft_of, has_answered


def draft_save(*, participation: Participation, answers: dict, comment: str | None = None) -> None:
    """Keep this person's unfinished answers (theirs only; deleted on submit and at close)."""
    campaign = participation.campaign
    if not campaign.is_answerable() or has_answered(participation):
        raise DomainError(_("This questionnaire can no longer be changed."))
    current = draft_of(participation)
    stored = dict(current.get("answers", {}))
    stored.update(answers)
    text = current.get("comment", "")
    if comment is not None and campaign.free_text:
        text = comment[:COMMENT_MAX_LENGTH]
    Draft.objects.update_or_create(
        campaign_id=campaign.pk,
        user_id=participation.user_id,
        defaults={"answers": json.dumps(questionnaire_for(campaign).clean(stored)), "comment": text},
    )


def response_submit(*, participation: Participation) -> None:
    """Finish: in ONE transaction, record that the person has answered, hold their answers
    (and, apart, their comment) without any user, and delete their draft. The unique
    submission makes a second (or concurrent) submit change nothing.

    What a database administrator could link: until `held_move` moves them, the held rows
    share this transaction's id with the submission row (they are encrypted, so the DBA
    needs the MONITOR_DRAFT_KEYS too to read them). The deleted draft leaves a dead row
    version until the next vacuum of the drafts table (also encrypted)."""
    campaign = participation.campaign
    if not campaign.is_answerable():
        raise DomainError(_("This questionnaire is closed."))
    already = _("You have already answered this questionnaire. Thank you.")
    with transaction.atomic():
        draft = draft_of(participation)
        try:
            with transaction.atomic():
                Submission.objects.create(campaign_id=campaign.pk, user_id=participation.user_id)
        except IntegrityError:
            raise DomainError(already) from None
        answers = questionnaire_for(campaign).clean(draft.get("answers", {}))
        comment = (draft.get("comment") or "").strip()[:COMMENT_MAX_LENGTH] if campaign.free_text else ""
        HeldResponse.objects.create(
            campaign_id=campaign.pk, report_unit_id=participation.report_unit_id, answers=json.dumps(answers)
        )
        if comment:
            HeldComment.objects.create(
                campaign_id=campaign.pk, report_unit_id=participation.report_unit_id, text=comment
            )
        Draft.objects.filter(campaign_id=campaign.pk, user_id=participation.user_id).delete()
    # No more reminders for this person (a separate, later transaction).
    messages_cancel_prefix(prefix=f"monitor:{campaign.pk}:user:{participation.user_id}:reminder:")


def response_send(*, participation: Participation, comment: str | None) -> None:
    """The last step's Send: keep the comment with the draft, then submit. Two transactions,
    one after the other, exactly as a save and then a submit."""
    draft_save(participation=participation, answers={}, comment=comment)
    response_submit(participation=participation)
