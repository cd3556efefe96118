"""The report library: who may read which file (a role x file grid), and checked uploads."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from learning_events import services
from learning_events.models import Evaluation, ReportAccessGrant, ReportFile

from .conftest import PDF, PNG, docx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(seeded, staff_user, pdf_upload):
    """A draft and a final report for the Language assessment evaluation (its group: language-assessment)."""
    evaluation = Evaluation.objects.get(slug="language-assessment-calgary")
    draft = services.upload_report_file(
        user=staff_user, evaluation=evaluation, uploaded=pdf_upload("draft.pdf"), kind="draft", title="Draft"
    )
    final = services.upload_report_file(
        user=staff_user, evaluation=evaluation, uploaded=pdf_upload("final.pdf"), kind="final", title="Final"
    )
    return {"evaluation": evaluation, "draft": draft, "final": final}


@pytest.fixture
def users(staff_user, admin_user, provider_a_user, provider_b_user, provider_b, committee_seats, library):
    from groups.models import WorkingGroup
    from tests.factories import UserFactory

    committee_member = UserFactory(username="committee-member", role="provider", provider=provider_b)
    other_committee = UserFactory(username="other-committee", role="provider", provider=provider_b)
    committee_seats(committee_member, [WorkingGroup.objects.get(slug="language-assessment")])
    committee_seats(other_committee, [WorkingGroup.objects.get(slug="summer-programs")])
    granted = UserFactory(username="granted-user", role="provider", provider=provider_b)
    services.grant_report_access(user=staff_user, evaluation=library["evaluation"], grantee=granted)
    granted_org_user = UserFactory(username="granted-org-user", role="provider", provider=provider_b)
    # Provider B as a whole is granted only in the test that says so.
    return {
        "staff": staff_user,
        "admin": admin_user,
        "committee member": committee_member,
        "other group's committee": other_committee,
        "granted user": granted,
        "other provider": provider_a_user,
        "granted provider's user": granted_org_user,
    }


# who: (may read the draft, may read the final)
GRID = {
    "staff": (True, True),
    "admin": (True, True),
    "committee member": (True, True),
    "other group's committee": (False, False),
    "granted user": (False, True),
    "other provider": (False, False),
}


@pytest.mark.parametrize(("who", "expected"), GRID.items())
def test_report_download_grid(client_for, users, library, who, expected):
    client = client_for(users[who])
    for kind, allowed in zip(("draft", "final"), expected, strict=True):
        response = client.get(library[kind].get_download_url())
        assert response.status_code == (200 if allowed else 404), (who, kind)
        if allowed:
            assert b"".join(response.streaming_content) == PDF
            assert response["Content-Disposition"].startswith("attachment")
            assert response["Content-Type"] == "application/pdf"
        assert users[who].has_perm("learning_events.view_reportfile", library[kind]) is allowed


def test_a_provider_grant_opens_the_final_report_to_its_users_but_never_the_draft(
    client_for, users, library, staff_user, provider_b
):
    client = client_for(users["granted provider's user"])
    assert client.get(library["final"].get_download_url()).status_code == 404
    services.grant_report_access(user=staff_user, evaluation=library["evaluation"], provider=provider_b)
    assert client.get(library["final"].get_download_url()).status_code == 200
    assert client.get(library["draft"].get_download_url()).status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, library):
    response = client.get(library["draft"].get_download_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_library_lists_only_the_files_each_user_may_read(client_for, users, library):
    body = client_for(users["other provider"]).get("/en/events/reports/").content.decode()
    assert "Draft received" in body and library["draft"].get_download_url() not in body
    body = client_for(users["granted user"]).get("/en/events/reports/").content.decode()
    assert library["final"].get_download_url() in body and library["draft"].get_download_url() not in body
    body = client_for(users["committee member"]).get("/en/groups/language-assessment/").content.decode()
    assert library["draft"].get_download_url() in body


def test_library_search(client_for, users, library):
    client = client_for(users["other provider"])
    body = client.get("/en/events/reports/?q=altered").content.decode()
    assert "1 evaluation found" in body and "Orientation" in body
    body = client.get("/en/events/reports/?status=final_available").content.decode()
    assert "2 evaluations found" in body


@pytest.fixture
def secret_draft(library, staff_user, pdf_upload):
    return services.upload_report_file(
        user=staff_user,
        evaluation=library["evaluation"],
        uploaded=pdf_upload("d.pdf"),
        kind="draft",
        title="Zebracorn restructuring plan",
    )


@pytest.mark.parametrize(
    ("who", "finds"),
    [("other provider", False), ("granted user", False), ("committee member", True), ("staff", True)],
)
def test_search_finds_a_draft_title_only_for_those_who_may_open_it(
    client_for, users, library, secret_draft, who, finds
):
    """A fragment of a hidden draft's title finds nothing, in the page and in the export."""
    client = client_for(users[who])
    page = client.get("/en/events/reports/?q=zebraco").content.decode()
    assert ("1 evaluation found" in page) is finds, who
    assert (library["evaluation"].get_absolute_url() in page) is finds
    export = client.get("/en/reports/evaluations/download/?export=csv&q=zebraco")
    assert export.status_code == 200
    rows = b"".join(export.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert (len(rows) > 1) is finds, (who, rows)
    # What the user may open is still found by its title.
    assert (
        "1 evaluation found" in client.get("/en/events/reports/?q=Final").content.decode()
        or who == "other provider"
    )


def test_only_staff_grant_and_upload(users, library, pdf_upload):
    provider_user = users["other provider"]
    with pytest.raises(PermissionDenied):
        services.grant_report_access(
            user=provider_user, evaluation=library["evaluation"], grantee=provider_user
        )
    with pytest.raises(PermissionDenied):
        services.upload_report_file(
            user=provider_user, evaluation=library["evaluation"], uploaded=pdf_upload(), kind="final"
        )


def test_staff_grant_and_revoke_through_the_page(client_for, users, library, staff_user):
    client = client_for(staff_user)
    target = users["other provider"]
    url = f"/en/events/reports/{library['evaluation'].slug}/grants/"
    assert client.post(url, {"user": target.pk}).status_code == 302
    grant = ReportAccessGrant.objects.get(user=target)
    assert client_for(target).get(library["final"].get_download_url()).status_code == 200
    client = client_for(staff_user)
    assert client.post(f"/en/events/reports/grants/{grant.pk}/revoke/").status_code == 302
    assert client_for(target).get(library["final"].get_download_url()).status_code == 404
    # Neither or both: refused.
    assert client_for(staff_user).post(url, {}).status_code == 200


# --- Uploads ---------------------------------------------------------------------------------
def test_a_good_upload_is_stored_under_a_random_name(staff_user, seeded, stored_files):
    evaluation = Evaluation.objects.get(slug="orientation-winnipeg")
    upload = SimpleUploadedFile("../../etc/Rapport final.docx", docx_bytes())
    report = services.upload_report_file(
        user=staff_user, evaluation=evaluation, uploaded=upload, kind="final"
    )
    assert report.content_type.endswith("wordprocessingml.document")
    assert report.original_name == "Rapport final.docx"
    assert report.size == len(docx_bytes()) and report.uploaded_by == staff_user
    (path,) = stored_files()
    assert path.parent.name == "reports" and path.suffix == ".docx" and "Rapport" not in path.name


BAD_UPLOADS = [
    ("broken bytes", "report.pdf", b"this is not a document at all"),
    ("a picture disguised as a PDF", "report.pdf", PNG),
    ("a program disguised as a Word file", "report.docx", b"MZ\x90\x00" + b"\x00" * 60),
    ("empty", "report.pdf", b""),
]


@pytest.mark.parametrize(("case", "name", "content"), BAD_UPLOADS, ids=[c[0] for c in BAD_UPLOADS])
def test_bad_uploads_store_nothing(client_for, staff_user, seeded, stored_files, case, name, content):
    url = "/en/events/reports/orientation-winnipeg/upload/"
    response = client_for(staff_user).post(url, {"kind": "draft", "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert "not a document the portal accepts" in errors or "empty" in errors
    assert ReportFile.objects.count() == 0 and stored_files() == []


def test_oversized_upload_gets_a_clear_error_in_both_languages(
    client_for, staff_user, seeded, stored_files, settings
):
    settings.PORTAL_MAX_UPLOAD_BYTES = 1000
    big = PDF + b"0" * 2000
    for language, text in (("en", "The file is too large"), ("fr", "Le fichier est trop volumineux")):
        response = client_for(staff_user).post(
            f"/{language}/events/reports/orientation-winnipeg/upload/",
            {"kind": "final", "file": SimpleUploadedFile("big.pdf", big)},
        )
        assert response.status_code == 200
        assert text in response.content.decode()
    assert ReportFile.objects.count() == 0 and stored_files() == []


def test_service_refuses_bad_files_even_without_the_form(staff_user, seeded, stored_files):
    evaluation = Evaluation.objects.get(slug="orientation-winnipeg")
    with pytest.raises(ValidationError):
        services.upload_report_file(
            user=staff_user, evaluation=evaluation, uploaded=SimpleUploadedFile("x.pdf", PNG), kind="final"
        )
    assert ReportFile.objects.count() == 0 and stored_files() == []


def test_a_row_that_fails_validation_leaves_no_file(staff_user, seeded, stored_files, pdf_upload):
    evaluation = Evaluation.objects.get(slug="orientation-winnipeg")
    with pytest.raises(ValidationError):
        services.upload_report_file(
            user=staff_user, evaluation=evaluation, uploaded=pdf_upload(), kind="bogus"
        )
    assert ReportFile.objects.count() == 0 and stored_files() == []


def test_upload_through_the_page(client_for, staff_user, seeded, stored_files, pdf_upload):
    response = client_for(staff_user).post(
        "/en/events/reports/orientation-winnipeg/upload/",
        {"kind": "draft", "title_en": "Draft v1", "file": pdf_upload()},
    )
    assert response.status_code == 302
    assert ReportFile.objects.get().title == "Draft v1"
    assert len(stored_files()) == 1
