"""What the health square holds about a person, for the export and erasure of personal data.

Reading is never recorded; the only rows about a person are their own progress through
learning modules. (Articles they edited as staff name them in the revisions: that is work
done for the organisation and stays with the content; see `erase_for`.)
"""

from django.utils.translation import gettext as _

from .models import ModuleProgress


def export_for(user) -> dict:
    rows = ModuleProgress.objects.filter(user=user).select_related("module").order_by("module__slug")
    return {
        "module_progress": [
            {
                "module": row.module.slug,
                "title": row.module.title,
                "lessons_done": list(row.lessons_done),
                "check_done_on": row.check_done_on.isoformat() if row.check_done_on else None,
                "updated_on": row.updated_on.isoformat(),
            }
            for row in rows
        ]
    }


def erase_for(user) -> list[str]:
    ModuleProgress.objects.filter(user=user).delete()
    from .models import Article

    if Article.history.filter(history_user=user).exists():
        return [
            _(
                "Your name stays in the revision history of health square articles you edited: "
                "it records who wrote the organisation's information."
            )
        ]
    return []
