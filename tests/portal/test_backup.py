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


# --- An archive is checked against its manifest before anything is emptied ----------------------
def _snapshot():
    from axes.models import AccessLog

    return (WorkingGroup.objects.count(), User.objects.count(), AccessLog.objects.count())


def _write_archive(path, members: dict[str, bytes]):
    import io
    import tarfile

    with tarfile.open(path, "w:gz") as archive:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))


def _members(path) -> dict[str, bytes]:
    import tarfile

    with tarfile.open(path, "r:gz") as archive:
        return {m.name: archive.extractfile(m).read() for m in archive.getmembers() if m.isfile()}


def test_an_archive_whose_data_is_an_empty_list_changes_nothing(tmp_path, staff_user, seeded):
    """The review's case: `data.json` = [] wiped the whole database after --yes."""
    before = _snapshot()
    empty = tmp_path / "empty.tar.gz"
    _write_archive(empty, {"data.json": b"[]"})
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore", str(empty), "--yes", verbosity=0)
    assert _snapshot() == before and before[0] > 0


def test_an_empty_list_with_a_matching_manifest_is_still_refused(tmp_path, staff_user, seeded):
    import hashlib
    import json

    before = _snapshot()
    manifest = {
        "format": 1,
        "records": 0,
        "models": {},
        "data": {"size": 2, "sha256": hashlib.sha256(b"[]").hexdigest()},
        "files": {},
    }
    archive = tmp_path / "empty-manifest.tar.gz"
    _write_archive(archive, {"manifest.json": json.dumps(manifest).encode(), "data.json": b"[]"})
    with pytest.raises(CommandError, match="holds no records"):
        call_command("restore", str(archive), "--yes", verbosity=0)
    assert _snapshot() == before


@pytest.mark.parametrize("tamper", ["drop-users", "truncate", "extra-file", "missing-file"])
def test_an_archive_that_no_longer_matches_its_manifest_changes_nothing(
    tmp_path, settings, staff_user, seeded, tamper
):
    import json

    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "reports").mkdir(parents=True)
    (settings.MEDIA_ROOT / "reports" / "minutes.pdf").write_bytes(b"%PDF-1.4 minutes")
    good = tmp_path / "good.tar.gz"
    call_command("backup", str(good), verbosity=0)
    members = _members(good)
    records = json.loads(members["data.json"])
    if tamper == "drop-users":
        members["data.json"] = json.dumps([r for r in records if r["model"] != "portal.user"]).encode()
    elif tamper == "truncate":
        members["data.json"] = members["data.json"][: len(members["data.json"]) // 2]
    elif tamper == "extra-file":
        members["media/evil.html"] = b"<script>alert(1)</script>"
    else:
        del members["media/reports/minutes.pdf"]
    bad = tmp_path / "bad.tar.gz"
    _write_archive(bad, members)
    WorkingGroup.objects.filter(slug="youth").update(mandate_fr="after the backup")
    before = _snapshot()
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore", str(bad), "--yes", verbosity=0)
    assert _snapshot() == before
    assert WorkingGroup.objects.get(slug="youth").mandate_fr == "after the backup"


def test_an_archive_above_the_size_limit_is_refused(tmp_path, settings, staff_user, seeded):
    archive = tmp_path / "portal.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    settings.PORTAL_RESTORE_MAX_BYTES = 1000
    before = _snapshot()
    with pytest.raises(CommandError, match="restore limit"):
        call_command("restore", str(archive), "--yes", verbosity=0)
    assert _snapshot() == before


def test_restore_keeps_permissions_the_sign_in_audit_and_upload_file_modes(
    tmp_path, settings, staff_user, seeded
):
    import stat

    from axes.models import AccessAttempt, AccessLog
    from django.contrib.auth.models import Group, Permission

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_PERMISSIONS = 0o640
    (settings.MEDIA_ROOT / "reports").mkdir(parents=True)
    (settings.MEDIA_ROOT / "reports" / "minutes.pdf").write_bytes(b"%PDF-1.4 minutes")
    perm = Permission.objects.get(codename="view_workinggroup")
    staff_user.user_permissions.add(perm)
    Group.objects.create(name="Reviewers").permissions.add(perm)
    AccessLog.objects.create(username="staff", ip_address="203.0.113.7", user_agent="test", path_info="/en/")
    AccessAttempt.objects.create(
        username="provider-a", ip_address="203.0.113.9", user_agent="x", failures_since_start=3
    )
    archive = tmp_path / "portal.tar.gz"
    call_command("backup", str(archive), verbosity=0)

    call_command("restore", str(archive), "--yes", verbosity=0)
    restored = User.objects.get(username="staff")
    assert list(restored.user_permissions.values_list("codename", flat=True)) == ["view_workinggroup"]
    assert list(Group.objects.get(name="Reviewers").permissions.values_list("codename", flat=True)) == [
        "view_workinggroup"
    ]
    assert AccessLog.objects.filter(username="staff", ip_address="203.0.113.7").exists()
    assert AccessAttempt.objects.get(username="provider-a").failures_since_start == 3
    mode = stat.S_IMODE((settings.MEDIA_ROOT / "reports" / "minutes.pdf").stat().st_mode)
    assert mode == 0o640, oct(mode)


def test_backup_refuses_when_files_live_in_object_storage(tmp_path, settings, seeded):
    """With MEDIA_STORAGE=s3 the files are not in MEDIA_ROOT: a backup without them is refused."""
    settings.MEDIA_STORAGE = "s3"
    archive = tmp_path / "portal.tar.gz"
    with pytest.raises(CommandError, match="MEDIA_STORAGE=s3"):
        call_command("backup", str(archive), verbosity=0)
    assert not archive.exists()
