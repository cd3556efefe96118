import pytest
from django.core.management import CommandError, call_command

from portal.models import User

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
