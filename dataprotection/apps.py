from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataProtectionConfig(AppConfig):
    """A person's rights over their data (GDPR art. 15, 17, 20) and the data protection officer's
    desk: the export of everything, requests to erase, and the whole audit log.

    Its own app because it sits above every other: it reads and erases through each app's
    `personal_data` module (core/personal_data.py), closes accounts and sends the outcome
    through the outbox, which `accounts` (below notifications) could not.
    """

    name = "dataprotection"
    verbose_name = _("Data protection")

    def ready(self):
        from core import navigation
        from core.audit import audit_actions_register

        from .access import may_read_audit_log

        navigation.register(
            navigation.Link(
                url_name="dataprotection:mine",
                label=_("My data"),
                description=_(
                    "Everything the portal holds about you: read it, download it, or ask for it to be erased."
                ),
                section="self",
                order=90,
            ),
            navigation.Link(
                url_name="dataprotection:requests",
                label=_("Requests to erase data"),
                description=_("Carry out or decline what people asked to have erased."),
                section="admin",
                order=90,
                visible=lambda user: user.has_perm("dataprotection.handle_data_requests"),
            ),
            navigation.Link(
                url_name="dataprotection:audit_log",
                label=_("Audit log"),
                description=_("Who opened or changed whose records, across the portal."),
                section="admin",
                order=90,
                visible=lambda user: may_read_audit_log(user),
            ),
        )

        audit_actions_register(
            {
                "dataprotection.export": _("downloaded your personal data"),
                "dataprotection.erasure_asked": _("asked for your personal data to be erased"),
                "dataprotection.erasure_viewed": _("opened your request to erase your data"),
                "dataprotection.erasure_done": _("carried out your request to erase your data"),
                "dataprotection.erasure_declined": _("declined your request to erase your data"),
                "dataprotection.audit_log.read": _("read the audit log"),
            }
        )
