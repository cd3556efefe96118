import pytest
from django.core.management import CommandError, call_command

from portal.models import User

from .rerun import row_counts, writes

pytestmark = pytest.mark.django_db


def test_demo_accounts_sign_in_and_belong_to_two_providers(settings):
    settings.DEBUG = True
    call_command("load_seed", verbosity=0)
    call_command("load_demo", "--password", "a-demo-password-1", verbosity=0)
    a, b = User.objects.get(username="demo-provider-a"), User.objects.get(username="demo-provider-b")
    assert a.provider_id and b.provider_id and a.provider_id != b.provider_id
    assert User.objects.get(username="demo-admin").is_admin
    assert User.objects.get(username="demo-staff").is_ircc_staff
    assert a.check_password("a-demo-password-1")


def test_demo_is_idempotent(settings):
    settings.DEBUG = True
    call_command("load_seed", verbosity=0)
    call_command("load_demo", verbosity=0)
    users = list(User.objects.values("username", "password", "provider_id").order_by("username"))
    call_command("load_demo", verbosity=0)
    assert list(User.objects.values("username", "password", "provider_id").order_by("username")) == users


def test_demo_is_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo", verbosity=0)
    assert not User.objects.filter(username__startswith="demo-").exists()


def test_second_demo_run_adds_no_history(settings):
    from groups.models import CommitteeMember

    settings.DEBUG = True
    call_command("load_seed", verbosity=0)
    call_command("load_demo", verbosity=0)
    before = CommitteeMember.history.count()
    call_command("load_demo", verbosity=0)
    assert CommitteeMember.history.count() == before


def test_second_seed_and_demo_run_write_no_row_in_any_table(settings, django_capture_on_commit_callbacks):
    """`make run` loads the seed and the demo every time: a second load writes nothing anywhere."""
    from surveys.models import AggregationResult

    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seed", verbosity=0)
        call_command("load_demo", verbosity=0)
    assert AggregationResult.objects.filter(cycle__fiscal_year=2018).exists()
    before = row_counts()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, writes() as statements:
        call_command("load_seed", verbosity=0)
        call_command("load_demo", verbosity=0)
    after = row_counts()
    assert {t: (before[t], after[t]) for t in before if before[t] != after[t]} == {}
    assert statements == []
    assert callbacks == []  # no aggregation run started again


def test_demo_puts_back_a_changed_answer_and_aggregates_again(settings, django_capture_on_commit_callbacks):
    from surveys.models import AggregationRun, PDNeed

    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seed", verbosity=0)
        call_command("load_demo", verbosity=0)
    need = PDNeed.objects.filter(template__cycle__fiscal_year=2018, estimated_cost__isnull=False).first()
    PDNeed.objects.filter(pk=need.pk).update(people=99)
    runs = AggregationRun.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    assert not PDNeed.objects.filter(people=99).exists()
    assert AggregationRun.objects.count() == runs + 1
