"""Acknowledging a policy on its page (R-ACC-2) when the service refuses: the refusal is
shown as a message on the policy page (a redirect back, never a server error) and nothing
is saved. Personas: a colleague of the organisation may try; an outsider gets 404."""

import datetime as dt

import pytest
from django.urls import reverse

from governance.models import PolicyAcknowledgement
from governance.services.policies import policy_create, policy_version_approve
from tests.governance.conftest import counts

pytestmark = pytest.mark.django_db


def _policy(dpo, *, requires_acknowledgement: bool):
    return policy_create(
        acting_user=dpo,
        title="Acceptable use policy",
        kind="acceptable_use",
        owner=dpo,
        review_period="fixed_month",
        review_month=9,
        requires_acknowledgement=requires_acknowledgement,
        audience="staff_and_pupils",
        text="Use school systems only for school work.",
    )


def _acknowledge(client, user, policy):
    client.force_login(user)
    return client.post(reverse("governance:policy_acknowledge", args=[policy.pk]), follow=True)


def test_a_policy_without_an_approved_version_cannot_be_acknowledged(client, dpo, colleague):
    """Only a draft: the service raises InvalidTransition; the page says why (R-ACC-2)."""
    draft_only = _policy(dpo, requires_acknowledgement=True)

    response = _acknowledge(client, colleague, draft_only)

    assert response.redirect_chain == [(reverse("governance:policy_detail", args=[draft_only.pk]), 302)]
    assert response.status_code == 200
    assert "The policy has no approved version to acknowledge yet." in response.content.decode()
    assert counts(PolicyAcknowledgement) == (0,)


def test_a_policy_that_asks_for_no_acknowledgement_says_so(client, dpo, colleague):
    policy = _policy(dpo, requires_acknowledgement=False)
    policy_version_approve(acting_user=dpo, version=policy.versions.get(), approved_on=dt.date(2025, 10, 1))

    response = _acknowledge(client, colleague, policy)

    assert response.status_code == 200
    assert "This policy does not ask for acknowledgement." in response.content.decode()
    assert counts(PolicyAcknowledgement) == (0,)


def test_an_outsider_gets_404_and_nothing_is_saved(client, dpo, outsider):
    policy = _policy(dpo, requires_acknowledgement=True)
    policy_version_approve(acting_user=dpo, version=policy.versions.get(), approved_on=dt.date(2025, 10, 1))
    client.force_login(outsider)

    response = client.post(reverse("governance:policy_acknowledge", args=[policy.pk]))

    assert response.status_code == 404
    assert counts(PolicyAcknowledgement) == (0,)
