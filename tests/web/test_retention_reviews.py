"""The review queue and deciding a review in the browser (R-REC-5, R-REC-7; NRAC for police
groups: any "yes" requires a justified retain)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from access_control.models import OrganisationKind, Role
from records.models import DossierStatus, MemberRole
from retention import engine
from retention.models import Review, ReviewDecision, ReviewStatus
from retention.nrac import NRAC_CODES
from retention.services.reviews import reviews_open_due
from retention.services.schedules import schedules_install_defaults
from tests.factories import DossierFactory, DossierMemberFactory, OrganisationFactory, UnitFactory
from tests.retention.conftest import record_class
from tests.web.retention_support import content, open_review, police_force, user

pytestmark = pytest.mark.django_db

LIST_URL = reverse("retention:review_list")
JUSTIFICATION = "No further offending in the clear period; no risk factors identified."


def _url(review) -> str:
    return reverse("retention:review_detail", kwargs={"pk": review.pk})


def _answers(**yes) -> dict[str, str]:
    return {f"nrac_{code}": "yes" if yes.get(code) else "no" for code in NRAC_CODES}


@pytest.fixture
def police():
    return police_force()


@pytest.fixture
def officer(police):
    return user(police)


@pytest.fixture
def review(police):
    return open_review(police, "MOPI-2", reference="PR-2011-0007")


# --- queue -------------------------------------------------------------------------------------


def test_it_lists_the_open_reviews_with_due_date_schedule_explanation_and_reason(client, officer, review):
    client.force_login(officer)

    page = content(client.get(LIST_URL))

    for text in ("PR-2011-0007", "MOPI-2 v1", "Retention period reached", review.explanation):
        assert text in page
    assert _url(review) in page


def test_it_filters_the_queue_by_schedule(client, police, officer, review):
    other = open_review(police, "MOPI-MISC")
    client.force_login(officer)

    response = client.get(LIST_URL, {"schedule": police.retention_schedules.get(code="MOPI-MISC").pk})

    assert list(response.context["page"].object_list) == [other]


def test_it_answers_htmx_with_the_results_only(client, officer, review):
    client.force_login(officer)

    response = client.get(LIST_URL, headers={"HX-Request": "true"})

    assert response.templates[0].name == "retention/_review_results.html"


def _queue_queries(client, police, officer, count: int) -> int:
    for _ in range(count):
        open_review(police, "MOPI-2")
    client.force_login(officer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST_URL).status_code == 200
    return len(queries)


def test_it_reads_the_queue_in_a_fixed_number_of_queries(client, police, officer):
    assert _queue_queries(client, police, officer, 2) == _queue_queries(client, police, officer, 7)


def test_it_refuses_the_queue_to_a_caseworker(client, police, review):
    client.force_login(user(police, Role.CASEWORKER))

    assert client.get(LIST_URL).status_code == 403
    assert client.get(_url(review)).status_code == 403
    assert client.post(_url(review), {"decision": "dispose"}).status_code == 403


def test_it_hides_a_review_from_another_organisation(client, review):
    client.force_login(user(police_force()))

    assert client.get(_url(review)).status_code == 404
    assert client.post(_url(review), {**_answers(), "decision": "dispose"}).status_code == 404
    assert "PR-2011-0007" not in content(client.get(LIST_URL))


def test_it_shows_a_team_leader_only_the_reviews_of_items_they_may_see_r_acc_5(client, police):
    unit = UnitFactory(organisation=police)
    leader = user(police, Role.TEAM_LEADER, units=[unit])
    theirs = open_review(police, "MOPI-2", unit=unit)
    other = open_review(police, "MOPI-2")
    client.force_login(leader)

    response = client.get(LIST_URL)

    assert list(response.context["page"].object_list) == [theirs]
    assert client.get(_url(other)).status_code == 404


# --- deciding ----------------------------------------------------------------------------------


def test_it_asks_the_national_retention_assessment_criteria_for_a_police_group(client, officer, review):
    client.force_login(officer)

    page = content(client.get(_url(review)))

    assert "National retention assessment criteria" in page
    assert "Is there evidence of a capacity to inflict serious harm?" in page
    # One fieldset with its legend per question, and one for the decision.
    assert page.count('<fieldset class="govuk-fieldset"') == len(NRAC_CODES) + 1
    assert page.count("<legend") == len(NRAC_CODES) + 1


def test_it_refuses_dispose_when_a_criterion_is_answered_yes(client, officer, review):
    client.force_login(officer)
    data = {**_answers(serious_harm=True), "decision": "dispose", "justification": JUSTIFICATION}

    response = client.post(_url(review), data)

    assert response.status_code == 200
    assert "A &#x27;yes&#x27; to an assessment criterion requires a justified retain." in content(response)
    assert "govuk-error-summary" in content(response)
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN


def test_it_needs_every_criterion_answered(client, officer, review):
    client.force_login(officer)
    data = {**_answers(), "decision": "dispose", "justification": JUSTIFICATION}
    del data["nrac_mental_state"]

    response = client.post(_url(review), data)

    assert "Answer yes or no." in content(response)
    assert response.context["form"].errors["nrac_mental_state"]
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN


def test_it_records_a_decision_to_dispose_with_the_answers_r_rec_5(client, officer, review):
    client.force_login(officer)
    data = {**_answers(), "decision": "dispose", "justification": JUSTIFICATION}

    response = client.post(_url(review), data, follow=True)

    assert response.redirect_chain == [(LIST_URL, 302)]
    assert "Review of PR-2011-0007 decided: dispose." in content(response)
    review.refresh_from_db()
    assert (review.status, review.decision, review.decided_by) == (
        ReviewStatus.DECIDED,
        ReviewDecision.DISPOSE,
        officer,
    )
    assert review.nrac_answers == dict.fromkeys(NRAC_CODES, False)
    decided = content(client.get(_url(review)))
    assert JUSTIFICATION in decided
    assert "Record the decision" not in decided


def test_it_retains_after_a_yes_with_the_next_review_date(client, officer, review):
    client.force_login(officer)
    next_review = timezone.localdate() + dt.timedelta(days=3 * 365)
    data = {
        **_answers(children_vulnerable=True),
        "decision": "retain",
        "justification": "Concerns about the children remain.",
        "next_review_on": next_review.isoformat(),
        # Typed under "extend" before the officer chose "retain": not part of the decision.
        "extended_to": "2099-01-01",
    }

    client.post(_url(review), data)

    review.refresh_from_db()
    assert (review.decision, review.next_review_on) == (ReviewDecision.RETAIN, next_review)


def test_it_shows_the_services_refusal_on_the_field(client, officer, review):
    client.force_login(officer)
    data = {
        **_answers(),
        "decision": "retain",
        "justification": JUSTIFICATION,
        "next_review_on": "2001-01-01",
    }

    response = client.post(_url(review), data)

    assert response.context["form"].errors["next_review_on"] == [
        "The next review date must be in the future."
    ]


def test_it_refuses_an_extension_by_a_records_officer_r_wmo_3(client, officer, review):
    client.force_login(officer)
    data = {**_answers(), "decision": "extend", "justification": JUSTIFICATION, "extended_to": "2040-01-01"}

    response = client.post(_url(review), data)

    assert "Only a team leader can extend retention (R-WMO-3)." in content(response)
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN


def test_it_lets_the_dpo_read_a_review_but_not_decide(client, police, review):
    client.force_login(user(police, Role.DPO))

    page = content(client.get(_url(review)))

    assert "PR-2011-0007" in page
    assert "Record the decision" not in page
    assert client.post(_url(review), {**_answers(), "decision": "dispose"}).status_code == 403


def test_it_asks_no_criteria_outside_the_police_groups(client):
    organisation = OrganisationFactory(kind=OrganisationKind.VEILIG_THUIS)
    officer = user(organisation)
    schedules_install_defaults(acting_user=officer, organisation=organisation)
    dossier = DossierFactory(
        organisation=organisation,
        record_class=record_class(organisation, "VT-DOSSIER"),
        status=DossierStatus.CLOSED,
        closed_on=dt.date(2001, 6, 30),
        report_date=dt.date(2000, 1, 10),
    )
    DossierMemberFactory(dossier=dossier, role=MemberRole.PARENT_CARER)
    engine.recompute_dossiers([dossier.pk])
    reviews_open_due(organisation=organisation, today=timezone.localdate())
    review = Review.objects.get(dossier=dossier)
    client.force_login(officer)

    assert "National retention assessment criteria" not in content(client.get(_url(review)))
    client.post(_url(review), {"decision": "dispose", "justification": "Past its WMO date (R-WMO-1)."})

    review.refresh_from_db()
    assert (review.status, review.nrac_answers) == (ReviewStatus.DECIDED, {})
