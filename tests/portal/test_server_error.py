"""During a database outage the 500 page still renders, in the language of the URL, without a query.

Before the fix the page went through the context processors (navigation, signed-in user), whose
first query failed again, so users got gunicorn's bare English page; it also claimed that nothing
entered was lost.
"""

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


class DatabaseDown:
    """Every query fails as with PostgreSQL stopped; counts the attempts."""

    def __init__(self):
        self.attempts = []

    def __call__(self, execute, sql, params, many, context):
        self.attempts.append(sql)
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


@pytest.fixture
def signed_in(client, staff_user):
    client.force_login(staff_user)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    ("path", "lang", "heading", "unsaved"),
    [
        ("/fr/reports/", "fr", "Une erreur s’est produite de notre côté", "n’a peut-être pas été enregistré"),
        ("/en/reports/", "en", "Something went wrong on our side", "may not have been saved"),
    ],
)
def test_the_500_page_renders_without_the_database(signed_in, path, lang, heading, unsaved):
    down = DatabaseDown()
    with connection.execute_wrapper(down):
        response = signed_in.get(path)
    # The signed-in page needs the session: that one query fails, and then the 500 page tries none.
    assert len(down.attempts) == 1, down.attempts
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert heading in html and unsaved in html
    assert "lost" not in html and "perdu" not in html


def test_the_500_page_queries_nothing_itself(rf, django_assert_num_queries):
    from portal.views import server_error

    request = rf.get("/fr/pd/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "Erreur du serveur" in response.content.decode()
    assert '<html lang="fr">' in response.content.decode()
