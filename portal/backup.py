"""Backup and restore of the whole portal: every record (as JSON fixtures) and every uploaded file.

`backup` writes one .tar.gz holding `data.json` (dumpdata of every app, sessions and caches left
out) and `media/`. `restore` empties the database and loads it back in one transaction, then puts
the files back, so a restore either completes or changes nothing in the database.
"""

import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils.translation import gettext as _

EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


def backup(path: str | Path) -> dict[str, int]:
    """Write the backup archive; returns the number of records and files saved."""
    buffer = io.StringIO()
    call_command("dumpdata", exclude=EXCLUDE, natural_foreign=True, stdout=buffer, verbosity=0)
    data = buffer.getvalue().encode("utf-8")
    media = Path(settings.MEDIA_ROOT)
    files = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("data.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
        for file in files:
            archive.add(file, arcname=f"media/{file.relative_to(media)}")
    return {"records": len(json.loads(data)), "files": len(files)}


def restore(path: str | Path) -> dict[str, int]:
    """Replace the database's records and the uploaded files with those of a backup archive."""
    try:
        archive = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise ValueError(_("This file is not a portal backup.")) from exc
    with archive, tempfile.TemporaryDirectory() as folder:
        members = {m.name: m for m in archive.getmembers()}
        if "data.json" not in members:
            raise ValueError(_("This file is not a portal backup."))
        archive.extractall(folder, filter="data")
        fixture = Path(folder) / "data.json"
        records = len(json.loads(fixture.read_text(encoding="utf-8")))
        with transaction.atomic():
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
            call_command("loaddata", str(fixture), verbosity=0)
        media_src = Path(folder) / "media"
        files = 0
        if media_src.exists():
            media = Path(settings.MEDIA_ROOT)
            for file in media_src.rglob("*"):
                if file.is_file():
                    target = media / file.relative_to(media_src)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(file.read_bytes())
                    files += 1
    return {"records": records, "files": files}
