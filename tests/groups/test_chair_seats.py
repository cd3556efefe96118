"""A chair from a provider runs the committee's provider seats only: never the IRCC lead's seat or
another non-provider seat, and never a seat for a provider the committee does not already have."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from groups import services
from groups.models import CommitteeMember, MemberRole
from tests.factories import ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(steering, seat_for, provider_a_user, provider_b, staff_user):
    chair = seat_for(
        person_name="Chair of provider A",
        user=provider_a_user,
        provider=provider_a_user.provider,
        role=MemberRole.CHAIR,
    )
    lead = seat_for(
        person_name="IRCC lead", user=staff_user, organisation_name="IRCC", role=MemberRole.CO_CHAIR
    )
    lip = seat_for(person_name="LIP coordinator", organisation_name="Calgary LIP")
    member_b = seat_for(person_name="Provider B representative", provider=provider_b)
    outsider = ProviderFactory(name="Provider C Immigrant Services")
    return {
        "committee": steering,
        "chair": chair,
        "lead": lead,
        "lip": lip,
        "b": member_b,
        "outsider": outsider,
    }


def _form(member, **changes):
    data = {
        "person_name_en": member.person_name,
        "role": member.role,
        "provider": member.provider_id or "",
        "organisation_name_en": member.organisation_name,
        "jurisdiction": "",
        "start_date": "",
        "end_date": "",
    }
    data.update(changes)
    return data


def test_a_chair_cannot_demote_or_end_the_ircc_leads_seat(client_for, provider_a_user, roster):
    client = client_for(provider_a_user)
    url = reverse("groups:member-update", args=[roster["lead"].pk])
    assert client.get(url).status_code == 403
    response = client.post(url, _form(roster["lead"], role=MemberRole.MEMBER, end_date="2019-01-01"))
    assert response.status_code == 403
    roster["lead"].refresh_from_db()
    assert roster["lead"].role == MemberRole.CO_CHAIR and roster["lead"].end_date is None


@pytest.mark.parametrize("seat", ["lead", "lip"])
def test_the_service_refuses_a_chair_any_non_provider_seat(provider_a_user, roster, seat):
    member = CommitteeMember.objects.get(pk=roster[seat].pk)
    member.role, member.provider, member.organisation_name = MemberRole.MEMBER, provider_a_user.provider, ""
    with pytest.raises(PermissionDenied):
        services.save_member(user=provider_a_user, instance=member)  # even turned into a provider seat
    assert CommitteeMember.objects.get(pk=member.pk).role == roster[seat].role


def test_a_chair_edits_provider_seats_of_the_committee(client_for, provider_a_user, roster):
    client = client_for(provider_a_user)
    url = reverse("groups:member-update", args=[roster["b"].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(roster["b"], person_name_en="Provider B lead worker"))
    assert response.status_code == 302
    roster["b"].refresh_from_db()
    assert roster["b"].person_name == "Provider B lead worker"


def test_a_chair_cannot_seat_a_provider_new_to_the_committee(client_for, provider_a_user, roster):
    client = client_for(provider_a_user)
    url = reverse("groups:member-create", args=[roster["committee"].pk])
    before = CommitteeMember.objects.count()
    response = client.post(
        url, {"person_name_en": "Newcomer", "role": "member", "provider": roster["outsider"].pk}
    )
    assert response.status_code == 200 and "provider" in response.context["form"].errors
    response = client.post(
        url, {"person_name_en": "IRCC officer", "role": "chair", "organisation_name_en": "IRCC"}
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert CommitteeMember.objects.count() == before
    # Through the service too (shell, Celery): the same refusal.
    with pytest.raises(PermissionDenied):
        services.save_member(
            user=provider_a_user,
            instance=CommitteeMember(
                committee=roster["committee"], person_name="X", provider=roster["outsider"]
            ),
        )
    # Its own provider and providers already seated are fine.
    for provider in (provider_a_user.provider, roster["b"].provider):
        response = client.post(
            url, {"person_name_en": f"Seat of {provider}", "role": "member", "provider": provider.pk}
        )
        assert response.status_code == 302
    assert CommitteeMember.objects.count() == before + 2


def test_a_chair_cannot_move_a_seat_to_an_outside_provider(provider_a_user, roster):
    member = CommitteeMember.objects.get(pk=roster["b"].pk)
    member.provider = roster["outsider"]
    with pytest.raises(PermissionDenied):
        services.save_member(user=provider_a_user, instance=member)


def test_a_seat_linked_to_an_ircc_account_is_staffs_even_with_a_provider(provider_a_user, roster, seat_for):
    officer = UserFactory(username="officer", role="staff")
    seat = seat_for(person_name="Officer on loan", user=officer, provider=provider_a_user.provider)
    seat.role = MemberRole.MEMBER
    seat.end_date = None
    with pytest.raises(PermissionDenied):
        services.save_member(user=provider_a_user, instance=seat)


def test_the_roster_offers_edit_links_only_for_manageable_seats(
    client_for, provider_a_user, staff_user, roster
):
    body = client_for(provider_a_user).get(roster["committee"].get_absolute_url()).content.decode()
    for seat, shown in (("chair", True), ("b", True), ("lead", False), ("lip", False)):
        assert (reverse("groups:member-update", args=[roster[seat].pk]) in body) is shown, seat
    body = client_for(staff_user).get(roster["committee"].get_absolute_url()).content.decode()
    for seat in ("chair", "b", "lead", "lip"):
        assert reverse("groups:member-update", args=[roster[seat].pk]) in body


def test_staff_manage_every_seat(staff_user, roster):
    lead = CommitteeMember.objects.get(pk=roster["lead"].pk)
    lead.role = MemberRole.CHAIR
    services.save_member(user=staff_user, instance=lead)
    assert CommitteeMember.objects.get(pk=lead.pk).role == MemberRole.CHAIR
