"""A backup restored into an emptied database gives back every record and file."""

import pytest
from django.core.management import CommandError, call_command

from groups.models import WorkingGroup
from portal.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_then_restore_loses_nothing(tmp_path, settings, staff_user, provider_a_user, seeded):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "reports").mkdir(parents=True)
    (settings.MEDIA_ROOT / "reports" / "minutes.pdf").write_bytes(b"%PDF-1.4 minutes")
    WorkingGroup.objects.filter(slug="youth").update(lead=staff_user, mandate_fr="Mandat des jeunes")
    before_groups = list(WorkingGroup.objects.values().order_by("pk"))
    before_users = list(
        User.objects.values("username", "password", "role", "provider__name").order_by("username")
    )
    archive = tmp_path / "portal.tar.gz"
    call_command("backup", str(archive), verbosity=0)

    WorkingGroup.objects.filter(slug="youth").update(mandate_fr="changed after the backup")
    User.objects.filter(username="provider-a").delete()
    (settings.MEDIA_ROOT / "reports" / "minutes.pdf").unlink()

    call_command("restore", str(archive), "--yes", verbosity=0)
    assert list(WorkingGroup.objects.values().order_by("pk")) == before_groups
    after_users = list(
        User.objects.values("username", "password", "role", "provider__name").order_by("username")
    )
    assert after_users == before_users
    assert (settings.MEDIA_ROOT / "reports" / "minutes.pdf").read_bytes() == b"%PDF-1.4 minutes"


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, seeded):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    count = WorkingGroup.objects.count()
    with pytest.raises(CommandError, match="not a portal backup"):
        call_command("restore", str(bogus), "--yes", verbosity=0)
    assert WorkingGroup.objects.count() == count
