"""htmx ships once: the copy from package.json (build/vendor/htmx), which the dependency audit checks.

django-htmx serves through its middleware only (`request.htmx` picks the list partials: test_lists).
"""

from django.contrib.staticfiles import finders


def test_htmx_ships_once():
    assert len(finders.find("vendor/htmx/htmx.min.js", find_all=True)) == 1
    # django-htmx is used for its middleware only: its bundled htmx files are not collected.
    assert not finders.find("django_htmx/htmx-2.min.js")
    assert not finders.find("django_htmx/htmx-4.min.js")
