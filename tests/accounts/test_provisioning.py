import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from accounts.services import account_close, users_import_csv

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
        assert out.getvalue().strip() == "imported=2 updated=0 skipped=0"

    def test_a_mix_of_good_and_bad_rows_imports_the_good_and_reports_each_bad_one(self, org):
        too_long = "N" * 151
        text = (
            "email,first_name,last_name,unit_code,roles,language,managed_unit_codes\n"
            "first@example.org,First,Good,team-a,employee,nl,\n"
            "a b@@x,Spaces,Bad,team-a,employee,nl,\n"
            "lang@example.org,Lang,Bad,team-a,employee,xx,\n"
            f"long@example.org,{too_long},Bad,team-a,employee,en,\n"
            "unit@example.org,Unit,Bad,nowhere,employee,en,\n"
            "role@example.org,Role,Bad,team-a,employee|wizard,en,\n"
            "managed@example.org,Managed,Bad,groningen,manager,en,groningen|atlantis\n"
            "last@example.org,Last,Good,groningen,manager|employee,da,groningen\n"
        )
        report = users_import_csv(text=text)
        assert (report.created, report.updated, report.skipped) == (2, 0, 6)
        assert set(User.objects.values_list("email", flat=True)) == {"first@example.org", "last@example.org"}
        reasons = dict(error.split(": ", 1) for error in report.errors)
        assert list(reasons) == ["line 3", "line 4", "line 5", "line 6", "line 7", "line 8"]
        assert reasons["line 3"].startswith("email: Enter a valid email address.")
        assert reasons["line 4"] == "language: Unknown language “xx”. Known: en, nl, da."
        assert reasons["line 5"].startswith("first_name: Ensure this value has at most 150 characters")
        assert reasons["line 6"] == "unit_code: There is no unit with the code “nowhere”."
        assert reasons["line 7"].startswith("roles: Unknown role(s): wizard.")
        assert reasons["line 8"] == "managed_unit_codes: There is no unit with the code(s) atlantis."

    def test_the_command_says_how_many_were_imported_updated_and_skipped(self, org, tmp_path):
        path = tmp_path / "users.csv"
        path.write_text(CSV + "a b@@x,Bad,Row,team-a,employee,xx,\n")
        users_import_csv(text=CSV.splitlines()[0] + "\n" + CSV.splitlines()[1] + "\n")
        out, err = io.StringIO(), io.StringIO()
        with pytest.raises(CommandError, match="1 row"):
            call_command("import_users", str(path), stdout=out, stderr=err)
        assert out.getvalue().strip() == "imported=1 updated=1 skipped=1"
        assert err.getvalue().startswith("line 4: email: Enter a valid email address. language: Unknown language")
        assert User.objects.get(email="boss@example.org").role_names == {"manager", "employee"}

    def test_a_row_the_csv_module_cannot_read_or_with_a_null_character_is_skipped_too(self, org):
        text = "email,first_name\nhuge@example.org," + "N" * 200_000 + "\nnul@example.org,\x00\nok@example.org,Ok\n"
        report = users_import_csv(text=text)
        assert [error.split(":")[0] for error in report.errors] == ["line 2", "line 3"]
        assert list(User.objects.values_list("email", flat=True)) == ["ok@example.org"]

    def test_the_command_fails_on_a_missing_file(self, db):
        with pytest.raises(CommandError):
            call_command("import_users", "/nonexistent.csv")


@pytest.mark.django_db
def test_deactivating_an_account_keeps_it_but_closes_it(alice):
    account_close(user=alice, by=None, reason="other")
    alice.refresh_from_db()
    assert not alice.is_active and alice.deactivated_at is not None
    assert not alice.has_usable_password()
    assert alice.groups.count() == 0
