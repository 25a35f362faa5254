"""Links to capabilities, contributed by each app, shown on the home page and in the menu.

An app registers its entry points in its `AppConfig.ready()`; a capability that is not
built simply has no entry, so nobody sees a "coming soon" page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Link:
    url_name: str
    label: str
    description: str = ""
    # "door": one of the three first doors for employees; "self": more for oneself;
    # "work": staff tools; "admin": organisation tools.
    section: str = "self"
    order: int = 100
    visible: Callable = lambda user: True
    public: bool = False  # also shown to visitors who are not logged in
    icon: str = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_LINKS: list[Link] = []


def register(*links: Link) -> None:
    for link in links:
        if link not in _LINKS:
            _LINKS.append(link)


def links_for(user, section: str | None = None) -> list[Link]:
    authenticated = user is not None and user.is_authenticated
    found = [
        link
        for link in _LINKS
        if (section is None or link.section == section)
        and ((authenticated and link.visible(user)) or (not authenticated and link.public))
    ]
    return sorted(found, key=lambda link: (link.order, str(link.label)))
