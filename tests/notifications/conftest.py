import pytest


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the after-commit callbacks (the e-mail tasks) at the end of the block, as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
