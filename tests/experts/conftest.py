import pytest

from experts import services
from experts.models import Topic


@pytest.fixture
def ask():
    """Ask a question as someone: `ask(alice, show_name=True)`."""

    def make(asker, *, show_name=False, consent=False, text="I keep waking at four after night shifts.", **kwargs):
        return services.question_ask(
            asker=asker, topic=Topic.SLEEP, text=text, show_name=show_name, consent_to_publish=consent, **kwargs
        )

    return make


@pytest.fixture
def answered(ask, alice, petra):
    question = ask(alice, consent=True)
    return services.question_answer(question=question, psychologist=petra, answer="Keep the room dark and cool.")
