"""No query per row: each key page makes as many queries with twice the data as with the seed.

The same pages as `make bench` (which compares scale 1 and scale 10); here scale 1 and 2, so an
N+1 fails CI long before anyone runs the benchmark.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import datacache

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    "/en/",
    "/en/groups/",
    "/en/groups/case-management/",
    "/en/events/",
    "/en/events/?year=2018",
    "/en/events/month/?month=2018-10",
    "/en/events/list/",
    "/en/events/reports/",
    "/en/pd/providers/",
    "/en/pd/requests/approvals/",
    "/en/surveys/2018/analysis/",
    "/en/reports/",
    # Sorted by a column header: the same queries as the default order, at any size.
    "/en/groups/?sort=-lead",
    "/en/groups/committees/?sort=-held",
    "/en/events/reports/?sort=-group",
    "/en/pd/providers/?sort=jurisdiction",
    "/en/pd/requests/?sort=-amount",
    "/en/pd/requests/approvals/?sort=provider",
    "/en/surveys/?sort=status",
    "/en/my-work/",
    "/en/notifications/",
]
PROVIDER_PAGES = ["/en/", "/en/pd/providers/{provider}/", "/en/surveys/", "/en/my-work/"]


def count(client, path):
    client.get(path)  # warm: translations, templates, sessions
    datacache.bump(datacache.ANY_WRITE)  # as after any write: the page is built, not served as kept
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def test_key_pages_make_the_same_queries_at_twice_the_size(client, settings):
    from portal.models import User

    settings.DEBUG = True
    call_command("generate_scale_data", "--scale", "1", verbosity=0)
    call_command("load_demo", verbosity=0)
    staff, provider = User.objects.get(username="demo-staff"), User.objects.get(username="demo-provider-a")

    def measure():
        client.force_login(staff)
        counts = {f"staff {p}": count(client, p) for p in STAFF_PAGES}
        client.force_login(provider)
        pages = [p.format(provider=provider.provider_id) for p in PROVIDER_PAGES]
        counts.update({f"provider {p}": count(client, p) for p in pages})
        return counts

    small = measure()
    call_command("generate_scale_data", "--scale", "2", "--seed", "7", verbosity=0)
    assert measure() == small
