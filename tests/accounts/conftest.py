import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`committed(callable, *args, **kwargs)`: call it and run what it queued for after the commit
    (the e-mail tasks: in-process here), as a real request's commit would."""

    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return run
