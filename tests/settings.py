"""Settings for the test suite only: the portal's settings with a fast password hasher.

Each test user costs a PBKDF2 hash (about a second on a CI core); MD5 makes that negligible. The
portal never runs with these settings: `manage.py`, gunicorn and Celery use `portal.settings`.
The suite's own subprocesses (the Celery worker, gunicorn in the fault tests) inherit this module
through DJANGO_SETTINGS_MODULE, so they verify the same hashes.
"""

import os

# The portal defaults to DEBUG off (production); the suite is local work, like `make run`. Set
# before the import; the suite's subprocesses (worker, gunicorn, manage.py) inherit it.
os.environ.setdefault("DEBUG", "1")

from portal.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Sign-in counters (portal.security) stay in this process, cleared before each test (conftest):
# a shared Redis would carry one test's attempts into the next.
CACHES = {**CACHES, "security": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}}  # noqa: F405
