"""Journey: the demo employee asks the psychologists a question without their name; the demo
psychologist finds it in the queue without a name and answers; the employee reads the reply."""

import re

from experts.models import Question
from tests.e2e.conftest import DEMO_EMAILS

QUESTION = "Ik droom steeds over de achtervolging van vorige week. Hoe kom ik tot rust?"
ANSWER = "Dat is een gewone reactie op iets heftigs. Schrijf het op voor het slapen."


def test_an_employee_asks_a_psychologist_answers_and_the_employee_reads_it(
    new_page, portal, login_as, assert_accessible
):
    employee = new_page()
    login_as(employee, portal, "employee")
    employee.goto(portal.path("/health/ask/"))
    assert_accessible(employee)
    employee.select_option("select[name=topic]", "mood")
    employee.fill("textarea[name=text]", QUESTION)
    employee.check("input[name=name_choice][value=anonymous]")
    employee.locator("main form button[type=submit]").click()
    employee.wait_for_url(re.compile(r"/health/ask/mine/$"))
    assert_accessible(employee)
    question = Question.objects.get(asker__email=DEMO_EMAILS["employee"], topic="mood")
    assert not question.show_name

    psychologist = new_page()
    login_as(psychologist, portal, "psychologist")
    psychologist.goto(portal.path("/health/ask/team/"))
    assert_accessible(psychologist)
    psychologist.locator(f'a[href="/health/ask/team/{question.pk}/"]').click()
    assert_accessible(psychologist)
    assert QUESTION in psychologist.locator("blockquote.question-text").inner_text()
    assert "Eva" not in psychologist.locator("#asker").inner_text()
    psychologist.fill("textarea[name=answer]", ANSWER)
    psychologist.locator("main form:has(textarea) button[type=submit]").click()
    psychologist.wait_for_url(re.compile(r"/health/ask/team/$"))
    assert_accessible(psychologist)

    employee.goto(portal.path("/health/ask/mine/"))
    employee.locator(f'a[href="/health/ask/mine/{question.pk}/"]').click()
    assert_accessible(employee)
    assert ANSWER in employee.locator(".answer-text").inner_text()
