"""What the health square holds about a person, for the export and erasure of personal data
(the convention is in core/personal_data.py).

Reading is never recorded; the only rows about a person are their own progress through
learning modules. (Articles they edited as staff name them in the revisions: that is work
done for the organisation and stays with the content; see `erase_for`.)
"""

from django.utils.translation import gettext, gettext_lazy, ngettext

from core.personal_data import Kept, when

from .models import ModuleProgress

TITLE = gettext_lazy("Health square")


def export_for(user) -> dict:
    rows = ModuleProgress.objects.filter(user=user).select_related("module").order_by("module__order", "module__slug")
    return {
        gettext("Your progress in learning modules"): [
            {
                gettext("Module"): row.module.title,
                gettext("Lessons finished"): [
                    gettext("Lesson %(number)d") % {"number": number} for number in sorted(row.lessons_done)
                ],
                gettext("Check done on"): when(row.check_done_on),
                gettext("Last used"): when(row.updated_on),
            }
            for row in rows
        ]
    }


def erase_for(user) -> list[str]:
    from .models import Article

    lines: list[str] = []
    count, _rows = ModuleProgress.objects.filter(user=user).delete()
    if count:
        lines.append(
            ngettext(
                "Your progress in %(count)d learning module was deleted.",
                "Your progress in %(count)d learning modules was deleted.",
                count,
            )
            % {"count": count}
        )
    if Article.history.filter(history_user=user).exists():
        lines.append(
            Kept(
                gettext(
                    "Your name stays in the revision history of health square articles you edited: "
                    "it records who wrote the organisation's information."
                )
            )
        )
    return lines
