"""Where uploaded files are stored: a random name per file, under one folder per kind."""

import os
import uuid


def _upload_name(folder: str, filename: str) -> str:
    """A random stored name: nothing the uploader chose reaches the file system but the extension."""
    ext = os.path.splitext(filename)[1].lower()[:8]
    return f"{folder}/{uuid.uuid4().hex}{ext}"


def survey_upload_to(instance, filename: str) -> str:
    return _upload_name("needs-surveys", filename)


def report_upload_to(instance, filename: str) -> str:
    return _upload_name("reports", filename)
