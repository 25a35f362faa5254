"""The machinery of the access-control matrix: the URL patterns, the personas, the answers.

`test_access_matrix.py` holds the table itself; this module reads the URL resolver, turns a
response into the one word the table speaks ("ok", "login", "403", "404", "405", "500"), and
builds the small rules that make the table short.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.roles import Role
from tests.factories import UserFactory, with_totp

ANONYMOUS = "anonymous"
# A superuser holds every permission: not a role of the portal but an account an operator can
# make, so it has a column of its own, to show what such an account reaches.
SUPERUSER = "superuser"
METHODS = ("get", "post")
# The words of the table. "ok" is everything that is not a denial and not a server error: a
# page, a redirect somewhere else than the login, a refused form.
ANSWERS = {"ok", "login", "403", "404", "405", "any"}
DENIALS = {"login", "403", "404"}


@dataclass(frozen=True)
class Pattern:
    key: str  # the URL name ("app:name"), or the route for an unnamed pattern
    name: str | None
    route: str
    regex: str
    has_parameters: bool


def url_patterns() -> list[Pattern]:
    """Every URL pattern of the project, allauth's and the admin's included, in resolver order."""

    def walk(resolver, prefix="", regex="", namespace=None):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            inner_regex = regex + pattern.pattern.regex.pattern.lstrip("^").rstrip("$").removesuffix("\\Z")
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern, route, inner_regex, inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                yield Pattern(name or route, name, route, inner_regex, bool(re.search(r"\(\?P<", inner_regex)))

    return list(walk(get_resolver()))


@dataclass(frozen=True)
class Rule:
    """Who gets through one URL pattern, and what everyone else is answered.

    `allow`: the columns that get through; `allowed`, `denied`, `anonymous`: their answer, a
    signed-in column's outside `allow`, a visitor's outside `allow` ("GET/POST", or one word
    for both); `exceptions`: column -> answer where one column differs.
    """

    allow: frozenset
    allowed: str = "ok"
    denied: str = "403"
    anonymous: str = "login"
    exceptions: dict = field(default_factory=dict)

    def expected(self, column: str, method: str) -> str:
        if column in self.exceptions:
            answer = self.exceptions[column]
        elif column in self.allow:
            answer = self.allowed
        elif column == ANONYMOUS:
            answer = self.anonymous
        else:
            answer = self.denied
        get, _slash, post = answer.partition("/")
        return get if method == "get" or not post else post


def rule(*allow, allowed="ok", denied="403", anonymous="login", **exceptions) -> Rule:
    """`rule(EMPLOYEE_SERVICES, "psychologist", denied="404", admin="405/404")`: a column or a
    set of columns per positional argument; a keyword per column that is answered otherwise."""
    columns = set()
    for item in allow:
        columns |= {item} if isinstance(item, str) else set(item)
    return Rule(frozenset(columns), allowed, denied, anonymous, exceptions)


def action(*allow, denied="403", **kwargs) -> Rule:
    """A POST-only URL: whoever gets through is answered 405 on GET."""
    return rule(*allow, allowed="405/ok", denied=denied, **kwargs)


def answer_of(response) -> str:
    status = response.status_code
    if status >= 500:
        return "500"
    location = response.get("Location", "")
    if status in (301, 302, 303) and location.startswith((reverse(settings.LOGIN_URL), reverse("admin:login"))):
        return "login"
    if status in (403, 404, 405):
        return str(status)
    return "ok"


def matches(expected: str, got: str) -> bool:
    return got == expected or (expected == "any" and got != "500")


def persona_for(column: str, people: dict, org: dict):
    """The world's persona of a role; an administrator who is staff but no superuser (the
    admin role as an operator gives it); for a role the world does not know yet, a new
    colleague of Alice's team with that role and an authenticator."""
    if column == ANONYMOUS:
        return None
    if column == SUPERUSER:
        return people["admin"]
    if column == Role.ADMIN:
        return with_totp(UserFactory(email="adrian@example.org", roles=[Role.ADMIN], is_staff=True))
    known = people.get(column.replace("_", " "))
    if known is not None:
        return known
    user = UserFactory(email=f"{column}@example.org", unit=org["team_a"], roles=[column])
    return with_totp(user) if column != Role.EMPLOYEE else user


def suggestion(pattern: Pattern) -> str:
    where = ", and its URL parameters to URL_KWARGS in tests/wellbeing/test_no_server_errors.py"
    return (
        f"add an entry for {pattern.key!r} (route {pattern.route!r}) to MATRIX in "
        f"tests/security/test_access_matrix.py, e.g. {pattern.key!r}: rule(STAFF), or action(...) for a "
        f"POST-only URL{where if pattern.has_parameters else ''}"
    )


def _admin_value(group: str, body: str) -> str:
    alternatives = body.split("|")
    if len(alternatives) > 1:
        return alternatives[0]  # an app label of the admin's index
    return "1"


def admin_path(pattern: Pattern) -> str:
    """A path of a Django admin pattern, with "1" (or the first app label) for its parameters:
    the admin asks who is asking before it looks anything up."""
    path = re.sub(r"\(\?P<(\w+)>([^()]*)\)", lambda m: _admin_value(m.group(1), m.group(2)), pattern.regex)
    return "/" + path.replace("\\", "")


def paths_for(pattern: Pattern, world, url_kwargs: dict, extra_kwargs: dict) -> list[str]:
    """The concrete paths of one pattern: the world's real objects for its parameters."""
    if pattern.route.startswith("admin/") and pattern.has_parameters:
        return [admin_path(pattern)]
    if not pattern.name:
        return ["/" + pattern.route]
    kwargs_of = url_kwargs.get(pattern.name) or extra_kwargs.get(pattern.name)
    if kwargs_of is None:
        return [reverse(pattern.name)]
    paths = []
    for kwargs in kwargs_of(world):
        kwargs = dict(kwargs)
        query = kwargs.pop("?", "")
        path = reverse(pattern.name, kwargs=kwargs)
        paths.append(f"{path}?{query}" if query else path)
    return paths
