import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from accounts.services import user_deactivate, users_import_csv

CSV = """email,first_name,last_name,unit_code,roles,language,managed_unit_codes
new.person@example.org,New,Person,team-a,employee,nl,
boss@example.org,The,Boss,groningen,manager|employee,da,groningen
"""


@pytest.mark.django_db
class TestCsvImport:
    def test_it_creates_accounts_with_units_roles_and_managed_units(self, org):
        report = users_import_csv(text=CSV)
        assert (report.created, report.updated, report.errors) == (2, 0, [])
        boss = User.objects.get(email="boss@example.org")
        assert boss.unit == org["groningen"]
        assert boss.role_names == {"manager", "employee"}
        assert list(boss.managed_units.all()) == [org["groningen"]]
        assert not boss.has_usable_password()  # they log in by SSO or set one by reset

    def test_importing_again_updates_instead_of_duplicating(self, org):
        users_import_csv(text=CSV)
        report = users_import_csv(text=CSV.replace("New,Person", "Newer,Person"))
        assert (report.created, report.updated) == (0, 2)
        assert User.objects.get(email="new.person@example.org").first_name == "Newer"

    def test_bad_rows_are_reported_and_skipped(self, org):
        text = (
            "email,unit_code,roles\n"
            "not-an-email,team-a,employee\n"
            "x@example.org,nowhere,employee\n"
            "y@example.org,team-a,wizard\n"
        )
        report = users_import_csv(text=text)
        assert report.created == 0
        assert [e.split(":")[0] for e in report.errors] == ["line 2", "line 3", "line 4"]
        assert not User.objects.filter(email__in=["x@example.org", "y@example.org"]).exists()

    def test_the_command_reads_a_file(self, org, tmp_path):
        path = tmp_path / "users.csv"
        path.write_text(CSV)
        out = io.StringIO()
        call_command("import_users", str(path), stdout=out)
        assert "created=2" in out.getvalue()

    def test_the_command_fails_on_a_missing_file(self, db):
        with pytest.raises(CommandError):
            call_command("import_users", "/nonexistent.csv")


@pytest.mark.django_db
def test_deactivating_an_account_keeps_it_but_closes_it(alice):
    user_deactivate(user=alice)
    alice.refresh_from_db()
    assert not alice.is_active and alice.deactivated_at is not None
    assert not alice.has_usable_password()
    assert alice.groups.count() == 0
