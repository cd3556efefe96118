"""Backup and restore of the whole portal: every record (as JSON fixtures) and every uploaded file.

`backup` writes one .tar.gz holding `manifest.json`, `data.json` (dumpdata of every app, the
sign-in audit included; sessions and caches left out) and `media/`. The manifest records, at
backup time, the number of records of each model, the size and SHA-256 of `data.json` and the size
of each file.

`restore` checks the whole archive against its manifest BEFORE touching anything: sizes within
bounds, only the expected members, the data's checksum, the record count of every model, at least
one user. Only then does it empty the database and load it back in one transaction (content types
and permissions recreated first, so permissions granted to users and groups come back), then puts
the files back with the upload permissions (`FILE_UPLOAD_PERMISSIONS`). An archive that does not
match (an empty data list, a truncated or edited file) is refused and nothing changes.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

EXCLUDE = ["contenttypes", "auth.permission", "sessions"]
MANIFEST_FORMAT = 1
USER_MODEL = "portal.user"


class InvalidBackup(ValueError):
    """The archive is not a complete portal backup: refused before anything changed."""


def _max_bytes() -> int:
    return settings.PORTAL_RESTORE_MAX_BYTES


def model_counts(records: list) -> dict[str, int]:
    return dict(sorted(Counter(str(r.get("model", "")).lower() for r in records).items()))


def backup(path: str | Path) -> dict[str, int]:
    """Write the backup archive; returns the number of records and files saved."""
    if settings.MEDIA_STORAGE != "filesystem":
        # A backup without the files would restore records pointing at nothing: refuse instead.
        message = _("Backups copy files from MEDIA_ROOT; with MEDIA_STORAGE=s3, back up the bucket.")
        raise InvalidBackup(message)
    buffer = io.StringIO()
    call_command("dumpdata", exclude=EXCLUDE, natural_foreign=True, stdout=buffer, verbosity=0)
    data = buffer.getvalue().encode("utf-8")
    records = json.loads(data)
    media = Path(settings.MEDIA_ROOT)
    files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
    manifest = {
        "format": MANIFEST_FORMAT,
        "created_at": timezone.now().isoformat(),
        "records": len(records),
        "models": model_counts(records),
        "data": {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()},
        "files": {f"media/{f.relative_to(media)}": f.stat().st_size for f in files},
    }
    manifest_bytes = json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8")
    with tarfile.open(path, "w:gz") as archive:
        for name, content in (("manifest.json", manifest_bytes), ("data.json", data)):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(content))
        for file in files:
            archive.add(file, arcname=f"media/{file.relative_to(media)}")
    return {"records": len(records), "files": len(files)}


def _refuse(reason: str) -> InvalidBackup:
    return InvalidBackup(
        _("This archive cannot be restored: %(reason)s Nothing was changed.") % {"reason": reason}
    )


def validate(archive: tarfile.TarFile, path: Path) -> tuple[dict, dict[str, tarfile.TarInfo]]:
    """Check the archive's members against its manifest; returns the manifest and the members."""
    limit = _max_bytes()
    if path.stat().st_size > limit:
        raise _refuse(_("the file is larger than the restore limit."))
    members: dict[str, tarfile.TarInfo] = {}
    total = 0
    for member in archive.getmembers():
        if member.isdir():
            continue
        if not member.isfile():
            raise _refuse(_("it holds something other than plain files."))
        total += member.size
        if total > limit:
            raise _refuse(_("its content is larger than the restore limit."))
        members[member.name] = member
    if "data.json" not in members:
        raise InvalidBackup(_("This file is not a portal backup."))
    if "manifest.json" not in members or members["manifest.json"].size > 10 * 1024 * 1024:
        raise _refuse(_("it has no manifest (record counts written at backup time)."))
    try:
        manifest = json.loads(archive.extractfile(members["manifest.json"]).read())
        expected_files = dict(manifest["files"])
        expected_models = {str(k): int(v) for k, v in dict(manifest["models"]).items()}
        data_size, data_sha = int(manifest["data"]["size"]), str(manifest["data"]["sha256"])
        if manifest.get("format") != MANIFEST_FORMAT:
            raise ValueError
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _refuse(_("its manifest is not readable.")) from exc
    extra = set(members) - {"manifest.json", "data.json"} - set(expected_files)
    missing = set(expected_files) - set(members)
    if extra or missing:
        raise _refuse(_("its files do not match the manifest."))
    for name, size in expected_files.items():
        if members[name].size != int(size) or not name.startswith("media/"):
            raise _refuse(_("its files do not match the manifest."))
    if members["data.json"].size != data_size:
        raise _refuse(_("its data is not the size recorded at backup time."))
    data = archive.extractfile(members["data.json"]).read()
    if hashlib.sha256(data).hexdigest() != data_sha:
        raise _refuse(_("its data does not match the checksum recorded at backup time."))
    try:
        records = json.loads(data)
    except ValueError as exc:
        raise _refuse(_("its data is not readable.")) from exc
    if not isinstance(records, list) or not records:
        raise _refuse(_("it holds no records."))
    counts = model_counts(records)
    if counts != expected_models or len(records) != manifest.get("records"):
        raise _refuse(_("its record counts do not match those recorded at backup time."))
    for label in counts:
        try:
            apps.get_model(label)
        except (LookupError, ValueError) as exc:
            raise _refuse(_("it holds records of an unknown kind (%(model)s).") % {"model": label}) from exc
    if counts.get(USER_MODEL, 0) < 1:
        raise _refuse(_("it holds no user accounts."))
    return manifest, members


def restore(path: str | Path) -> dict[str, int]:
    """Replace the database's records and the uploaded files with those of a checked backup archive."""
    path = Path(path)
    try:
        archive = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise InvalidBackup(_("This file is not a portal backup.")) from exc
    with archive, tempfile.TemporaryDirectory() as folder:
        try:
            manifest, members = validate(archive, path)
            archive.extractall(folder, members=list(members.values()), filter="data")
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise InvalidBackup(_("This file is not a portal backup.")) from exc
        fixture = Path(folder) / "data.json"
        with transaction.atomic():
            # post_migrate recreates content types and permissions, which the data refers to by name.
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(fixture), verbosity=0)
        files = _restore_media(Path(folder) / "media")
    return {"records": manifest["records"], "files": files}


def _restore_media(source: Path) -> int:
    if not source.exists():
        return 0
    media = Path(settings.MEDIA_ROOT)
    file_mode = settings.FILE_UPLOAD_PERMISSIONS
    dir_mode = settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS
    files = 0
    for file in sorted(source.rglob("*")):
        if not file.is_file():
            continue
        target = media / file.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        if dir_mode is not None:
            os.chmod(target.parent, dir_mode)
        target.write_bytes(file.read_bytes())
        if file_mode is not None:
            os.chmod(target, file_mode)
        files += 1
    return files
