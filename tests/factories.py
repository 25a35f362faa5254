import factory
from django.contrib.auth.models import Group

from accounts.models import OrganisationUnit, User
from accounts.roles import Role

PASSWORD = "a-good-test-password"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def unit_create(*, name: str, parent: OrganisationUnit | None = None, kind=OrganisationUnit.Kind.TEAM):
    code = name.lower().replace(" ", "-")
    fields = {"name": name, "code": code, "kind": kind}
    if parent is None:
        return OrganisationUnit.objects.add_root(fields)
    return OrganisationUnit.objects.add_child(parent, fields)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        roles = extracted if extracted is not None else [Role.EMPLOYEE]
        if create:
            self.groups.set(Group.objects.filter(name__in=[str(r) for r in roles]))
            self.save()


def with_totp(user):
    """Give a privileged user an authenticator, as if they had set up MFA."""
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, TOTP_SECRET)
    return user
