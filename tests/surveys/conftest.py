import pytest

from tests.surveys.factories import build_hand_computed_fixture


@pytest.fixture
def hand_computed(db):
    """The 2018 cycle of tests/surveys/factories.py whose figures were worked out by hand."""
    return build_hand_computed_fixture()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """`with on_commit():` runs the callbacks (the enqueued tasks) the block registered, at its end."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
