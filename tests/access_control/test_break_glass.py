"""Break-glass access (R-ACC-4, R-ACC-5): a colleague not involved in a dossier or record of
their own organisation opens it by giving a reason, for a limited time, flagged, logged with
the reason as purpose and reviewed by the DPO; an outsider can never break glass."""

import datetime

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from access_control.break_glass import break_glass_open, break_glass_review, break_glass_uses
from access_control.models import BreakGlassAccess, Role
from core.errors import DomainError, NotAllowed
from core.models import AccessLogEntry, DomainEvent
from tests.factories import (
    DossierFactory,
    OrganisationFactory,
    RecordFactory,
    UserFactory,
    grant,
)
from tests.security.support import force_login_verified

pytestmark = pytest.mark.django_db

REASON = "Police at the door asking about the children tonight"
START = datetime.datetime(2026, 3, 2, 22, 0, tzinfo=datetime.UTC)


@pytest.fixture
def org():
    return OrganisationFactory(name="Veilig Thuis Glass", slug="vt-glass")


@pytest.fixture
def owner(org):
    return UserFactory(organisation=org, role=Role.CASEWORKER)


@pytest.fixture
def colleague(org):
    return UserFactory(organisation=org, role=Role.CASEWORKER, first_name="Cees")


@pytest.fixture
def outsider():
    return UserFactory(role=Role.CASEWORKER)


@pytest.fixture
def dpo(org):
    return UserFactory(organisation=org, role=Role.DPO)


@pytest.fixture
def dossier(org, owner):
    dossier = DossierFactory(organisation=org, reference="VT-GLASS-1", household_name="Jansen")
    grant(owner, dossier)
    return dossier


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _detail(dossier):
    return reverse("dossiers:detail", args=[dossier.pk])


def _glass(kind, pk):
    return reverse("access:break_glass", kwargs={"kind": kind, "pk": pk})


def _break(client, dossier, reason=REASON, confirm="on"):
    return client.post(_glass("dossier", dossier.pk), {"reason": reason, "confirm": confirm})


def test_it_offers_break_glass_to_an_uninvolved_colleague_instead_of_the_dossier(client, colleague, dossier):
    force_login_verified(client, colleague)

    response = client.get(_detail(dossier))

    assert response.status_code == 403
    content = response.content.decode()
    assert "You are not involved in this item" in content
    assert _glass("dossier", dossier.pk) in content
    assert "Jansen" not in content  # nothing of the file before the glass is broken


def test_an_outsider_gets_the_same_404_as_for_a_dossier_that_does_not_exist(client, outsider, dossier):
    force_login_verified(client, outsider)
    missing = dossier.pk + 1000

    for url in (
        _detail(dossier),
        _glass("dossier", dossier.pk),
        _detail_of(missing),
        _glass("dossier", missing),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Break the glass" not in response.content.decode()
    assert _break(client, dossier).status_code == 404
    assert not BreakGlassAccess.objects.exists()
    with pytest.raises(Exception) as refused:
        break_glass_open(acting_user=outsider, kind="dossier", object_id=dossier.pk, reason=REASON)
    assert refused.type.__name__ == "Http404"


def _detail_of(pk):
    return reverse("dossiers:detail", args=[pk])


@pytest.mark.parametrize(
    ("reason", "confirm", "message"),
    [
        ("", "on", "Say why you need to open it."),
        ("urgent", "on", "at least 10 characters"),
        (REASON, "", "Confirm that you understand"),
    ],
)
def test_it_asks_for_a_reason_and_opens_nothing_without_one(
    client, colleague, dossier, reason, confirm, message
):
    force_login_verified(client, colleague)

    response = _break(client, dossier, reason=reason, confirm=confirm)

    assert response.status_code == 403
    assert message in response.content.decode()
    assert not BreakGlassAccess.objects.exists()
    assert client.get(_detail(dossier)).status_code == 403


def test_it_opens_the_dossier_for_a_limited_time_with_a_banner_and_the_reason_in_the_access_log(
    client, colleague, dossier, clock
):
    force_login_verified(client, colleague)

    response = _break(client, dossier)

    assert response.status_code == 302
    assert response["Location"] == _detail(dossier)
    page = client.get(_detail(dossier))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Break-glass access" in content and REASON in content
    access = BreakGlassAccess.objects.get()
    assert (access.user, access.object_kind, access.object_id) == (colleague, "dossier", dossier.pk)
    assert access.expires_at == START + datetime.timedelta(minutes=60)
    opened = AccessLogEntry.objects.get(user=colleague, object_kind="dossier", object_id=dossier.pk)
    assert opened.purpose == REASON
    assert opened.detail.startswith("break-glass")
    event = DomainEvent.objects.get(verb="break_glass.opened")
    assert (event.actor, event.reason, event.target_id) == (colleague, REASON, str(dossier.pk))


@override_settings(BREAK_GLASS_MINUTES=30)
def test_the_opening_ends_after_break_glass_minutes(client, colleague, dossier, clock):
    force_login_verified(client, colleague)
    _break(client, dossier)

    clock.move_to(START + datetime.timedelta(minutes=29))
    assert client.get(_detail(dossier)).status_code == 200

    clock.move_to(START + datetime.timedelta(minutes=30, seconds=1))
    force_login_verified(client, colleague)  # a fresh session: the clock jumped past its age
    response = client.get(_detail(dossier))
    assert response.status_code == 403
    assert "Break the glass" in response.content.decode()


def test_break_glass_reads_but_never_changes(client, colleague, dossier, clock):
    force_login_verified(client, colleague)
    _break(client, dossier)

    response = client.post(reverse("dossiers:close", args=[dossier.pk]), {"close-closed_on": "2026-03-02"})

    assert response.status_code == 404
    dossier.refresh_from_db()
    assert dossier.is_open


def test_it_opens_a_record_too(client, org, colleague, clock):
    record = RecordFactory(organisation=org, title="Custody record")
    force_login_verified(client, colleague)
    assert client.get(reverse("records:detail", args=[record.pk])).status_code == 403

    client.post(_glass("record", record.pk), {"reason": REASON, "confirm": "on"})

    assert client.get(reverse("records:detail", args=[record.pk])).status_code == 200
    assert AccessLogEntry.objects.get(object_kind="record", object_id=record.pk).purpose == REASON


def test_who_can_see_it_already_or_has_no_access_to_such_data_cannot_break_glass(org, owner, dossier):
    with pytest.raises(DomainError, match="already open"):
        break_glass_open(acting_user=owner, kind="dossier", object_id=dossier.pk, reason=REASON)
    system = UserFactory(organisation=org, role=Role.API_CLIENT)
    with pytest.raises(NotAllowed):
        break_glass_open(acting_user=system, kind="dossier", object_id=dossier.pk, reason=REASON)
    assert not BreakGlassAccess.objects.exists()


# --- The DPO's review -------------------------------------------------------------------


@pytest.fixture
def used(colleague, dossier, clock):
    return break_glass_open(acting_user=colleague, kind="dossier", object_id=dossier.pk, reason=REASON)


def test_the_dpo_lists_and_reviews_every_opening(client, dpo, used):
    force_login_verified(client, dpo)

    listing = client.get(reverse("access:break_glass_list"))
    assert listing.status_code == 200
    assert REASON in listing.content.decode()

    review_url = reverse("access:break_glass_review", args=[used.pk])
    refused = client.post(review_url, {"note": ""})
    assert refused.status_code == 200
    assert "Write what you found." in refused.content.decode()

    response = client.post(review_url, {"note": "Checked with the team leader: justified."})

    assert response.status_code == 302
    used.refresh_from_db()
    assert (used.reviewed_by, used.review_note) == (dpo, "Checked with the team leader: justified.")
    assert DomainEvent.objects.filter(verb="break_glass.reviewed").count() == 1
    unreviewed = client.get(reverse("access:break_glass_list"), {"unreviewed": "on"})
    assert REASON not in unreviewed.content.decode()


def test_nobody_reviews_their_own_opening(org):
    auditor = UserFactory(organisation=org, role=Role.AUDITOR)
    own = BreakGlassAccess.objects.create(
        organisation=org,
        user=auditor,
        object_kind="dossier",
        object_id=DossierFactory(organisation=org).pk,
        reason=REASON,
        expires_at=timezone.now() + datetime.timedelta(minutes=5),
    )

    with pytest.raises(DomainError, match="Someone else"):
        break_glass_review(acting_user=auditor, pk=own.pk, note="Mine")
    own.refresh_from_db()
    assert own.reviewed_at is None


def test_nobody_reviews_twice(dpo, used):
    break_glass_review(acting_user=dpo, pk=used.pk, note="Fine")

    with pytest.raises(DomainError, match="already been reviewed"):
        break_glass_review(acting_user=dpo, pk=used.pk, note="Again")
    used.refresh_from_db()
    assert used.review_note == "Fine"


def test_only_the_dpo_and_auditors_of_the_organisation_see_the_review_list(client, colleague, outsider, used):
    for user in (colleague, outsider, UserFactory(role=Role.DPO)):
        force_login_verified(client, user)
        response = client.get(reverse("access:break_glass_list"))
        assert response.status_code in (200, 403)
        assert REASON not in response.content.decode()
        assert client.get(reverse("access:break_glass_review", args=[used.pk])).status_code in (403, 404)


def test_the_dashboard_selector_counts_the_uses_in_a_period(org, used):
    assert list(
        break_glass_uses(org, START - datetime.timedelta(hours=1), START + datetime.timedelta(hours=1))
    ) == [used]
    assert not break_glass_uses(org, START + datetime.timedelta(hours=1)).exists()
    assert not break_glass_uses(OrganisationFactory()).exists()


def test_the_declaration_gate_still_comes_first_r_acc_2(client, org, colleague, dossier, dpo):
    from access_control.declarations import declaration_publish

    declaration_publish(acting_user=dpo, text="I keep what I see confidential.")
    force_login_verified(client, colleague)

    for url in (_detail(dossier), _glass("dossier", dossier.pk)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("declaration"))
    assert _break(client, dossier).status_code == 302
    assert not BreakGlassAccess.objects.exists()


def test_an_opening_names_the_item_by_its_reference_only(colleague, dossier, clock):
    """R-ACC-4 with R-WMO-4: the opening is kept for the DPO's review long after the dossier
    may be destroyed; its label must not carry the household name (or a record's title)."""
    access = break_glass_open(acting_user=colleague, kind="dossier", object_id=dossier.pk, reason=REASON)

    assert access.object_label == "VT-GLASS-1"
    assert "Jansen" not in access.object_label
