"""A person reads everything the portal holds about them and asks for erasure; the data
protection officer carries it out; the person reads the outcome. In a real browser."""

from accounts.models import User
from dataprotection.models import ErasureRequest
from tests.e2e.conftest import DEMO_EMAILS


def test_a_person_asks_for_erasure_and_the_data_protection_officer_carries_it_out(
    new_page, portal, login_as, assert_accessible
):
    User.objects.filter(email=DEMO_EMAILS["employee"]).update(language="en")  # the demo's Eva reads Dutch
    person = new_page()
    login_as(person, portal, "employee")
    person.goto(portal.path("/me/data/"))
    assert person.get_by_role("heading", name="My data").is_visible()
    assert person.get_by_role("heading", name="Your account").is_visible()
    assert_accessible(person)
    person.get_by_label("Why (optional)").fill("I am leaving the service.")
    person.get_by_role("button", name="Ask for erasure").click()
    assert person.get_by_text("Your request is sent.").is_visible()
    assert person.locator("#erasure-title ~ div strong", has_text="Waiting to be handled").is_visible()
    assert_accessible(person)

    officer = new_page()
    login_as(officer, portal, "data_protection")
    officer.goto(portal.path("/data-protection/requests/"))
    assert_accessible(officer)
    officer.locator("main table a").first.click()
    assert officer.get_by_text(DEMO_EMAILS["employee"]).is_visible()
    assert_accessible(officer)
    officer.get_by_role("button", name="Carry out the erasure").click()
    # The handler learns that it ran, never what the person had (that would tell who used care).
    assert officer.get_by_text("Every part of the portal ran its erasure.").is_visible()
    assert not officer.get_by_role("heading", name="What is kept, and why").is_visible()
    assert ErasureRequest.objects.get(person__email=DEMO_EMAILS["employee"]).status == "done"

    officer.goto(portal.path("/data-protection/audit-log/"))
    assert officer.get_by_text("dataprotection.erasure_done").first.is_visible()
    assert_accessible(officer)

    person.goto(portal.path("/me/data/"))
    assert person.get_by_text("Carried out").first.is_visible()
    assert person.get_by_role("heading", name="What was removed").is_visible()
    assert person.get_by_role("heading", name="What is kept, and why").is_visible()
    assert_accessible(person)
