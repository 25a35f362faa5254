"""Journeys: the demo employee enrols in a training and cancels; the demo trainer marks
who came to yesterday's session, which gives them a completion."""

import re

from tests.e2e.conftest import DEMO_EMAILS
from trainings.models import Completion, Enrolment, Session


def test_an_employee_enrols_in_a_training_and_cancels_it(new_page, portal, login_as, assert_accessible):
    employee = new_page()
    login_as(employee, portal, "employee")
    employee.goto(portal.path("/trainings/"))
    assert_accessible(employee)
    employee.locator('a[href="/trainings/courses/mental-resilience/"]').click()
    assert_accessible(employee)
    employee.locator("article.training-session form button[type=submit]").first.click()
    employee.wait_for_url(re.compile(r"/trainings/mine/$"))
    assert_accessible(employee)
    enrolment = Enrolment.objects.get(user__email=DEMO_EMAILS["employee"], status="enrolled")
    card = employee.locator("article.training-place").first
    card.locator(f'a[href="/trainings/places/{enrolment.pk}/cancel/"]').click()
    assert_accessible(employee)
    employee.locator("form button.btn-danger").click()
    employee.wait_for_url(re.compile(r"/trainings/mine/$"))
    assert employee.locator(f'a[href="/trainings/places/{enrolment.pk}/cancel/"]').count() == 0
    enrolment.refresh_from_db()
    assert enrolment.status == "cancelled"


def test_a_trainer_marks_who_came_to_yesterdays_session(new_page, portal, login_as, assert_accessible):
    trainer = new_page()
    login_as(trainer, portal, "trainer")
    trainer.goto(portal.path("/trainings/teaching/"))
    assert_accessible(trainer)
    past = Session.objects.filter(trainer__email=DEMO_EMAILS["trainer"], enrolments__isnull=False).order_by(
        "starts_at"
    )[0]
    trainer.locator(f'a[href="/trainings/teaching/{past.pk}/"]').click()
    assert_accessible(trainer)
    boxes = trainer.locator("input[name=attended]")
    assert boxes.count() == 4
    boxes.nth(0).check()
    boxes.nth(1).check()
    trainer.locator("main form button[type=submit]").click()
    trainer.wait_for_url(re.compile(rf"/trainings/teaching/{past.pk}/$"))
    assert_accessible(trainer)
    assert Completion.objects.filter(session=past).count() == 2
    assert trainer.locator("input[name=attended]:checked").count() == 2
