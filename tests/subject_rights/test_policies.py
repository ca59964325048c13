"""R-DSR-11: deadlines are configuration per organisation and request type, set by the DPO."""

import datetime as dt

import pytest

from access_control.models import Role
from core.errors import DomainError, NotAllowed
from core.models import DomainEvent
from subject_rights.deadlines import DeadlineRule
from subject_rights.models import DeadlinePolicy, RequestType
from subject_rights.selectors import deadline_terms_for
from subject_rights.services import deadline_policies_install_defaults, deadline_policy_set
from tests.factories import UserFactory
from tests.subject_rights.support import log_request

pytestmark = pytest.mark.django_db


def _set(user, organisation, **values):
    return deadline_policy_set(
        acting_user=user,
        organisation=organisation,
        **{
            "request_type": "",
            "rule": DeadlineRule.CALENDAR_MONTH,
            "legal_basis": "UK GDPR art. 12(3)",
            **values,
        },
    )


def test_it_installs_four_weeks_for_veilig_thuis_and_the_gdpr_month_for_the_rest_r_dsr_3_5_6(
    dpo, veilig_thuis
):
    installed = deadline_policies_install_defaults(acting_user=dpo, organisation=veilig_thuis)

    by_type = {policy.request_type: policy for policy in installed}
    assert set(by_type) == {"", RequestType.RECTIFICATION, RequestType.DESTRUCTION, RequestType.ERASURE}
    destruction = by_type[RequestType.DESTRUCTION]
    assert (
        destruction.rule,
        destruction.weeks,
        destruction.extension_months,
        destruction.destroy_within_months,
    ) == (
        DeadlineRule.WEEKS,
        4,
        0,
        3,
    )
    assert by_type[""].rule == DeadlineRule.CALENDAR_MONTH
    # Installing again changes nothing.
    assert deadline_policies_install_defaults(acting_user=dpo, organisation=veilig_thuis) == []
    assert DeadlinePolicy.objects.filter(organisation=veilig_thuis).count() == 4


def test_it_installs_only_the_gdpr_month_for_a_police_force(police):
    dpo = UserFactory(organisation=police, role=Role.DPO)
    installed = deadline_policies_install_defaults(acting_user=dpo, organisation=police)
    assert [(p.request_type, p.rule, p.extension_months) for p in installed] == [
        ("", DeadlineRule.CALENDAR_MONTH, 2)
    ]


def test_it_replaces_a_policy_and_records_who_changed_it(dpo, veilig_thuis):
    first = _set(dpo, veilig_thuis)
    second = _set(
        dpo, veilig_thuis, rule=DeadlineRule.WEEKS, weeks=4, extension_months=0, legal_basis="Four weeks"
    )

    assert first.pk == second.pk
    assert (second.rule, second.weeks, second.updated_by) == (DeadlineRule.WEEKS, 4, dpo)
    assert [e.verb for e in DomainEvent.objects.order_by("id")] == [
        "deadline_policy.created",
        "deadline_policy.changed",
    ]


def test_it_uses_the_policys_holiday_calendar(dpo, veilig_thuis):
    _set(dpo, veilig_thuis, holiday_jurisdiction="gb-sct")
    policy, terms = deadline_terms_for(organisation=veilig_thuis, request_type=RequestType.ACCESS)
    assert (policy.holiday_jurisdiction, terms.holiday_jurisdiction) == ("GB-SCT", "GB-SCT")


def test_it_prefers_the_policy_for_the_type_over_the_catch_all(dpo, veilig_thuis):
    _set(dpo, veilig_thuis)
    _set(
        dpo,
        veilig_thuis,
        request_type=RequestType.ERASURE,
        rule=DeadlineRule.WEEKS,
        weeks=4,
        legal_basis="R-DSR-6",
    )

    assert deadline_terms_for(organisation=veilig_thuis, request_type=RequestType.ERASURE)[1].weeks == 4
    assert deadline_terms_for(organisation=veilig_thuis, request_type=RequestType.ACCESS)[1].weeks is None


def test_it_answers_a_request_with_a_roll_free_policy_on_the_calendar_day(
    dpo, caseworker, veilig_thuis, adult
):
    _set(dpo, veilig_thuis, roll_to_working_day=False)
    assert log_request(caseworker, adult, received_on=dt.date(2026, 1, 31)).due_on == dt.date(2026, 2, 28)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"request_type": "complaint"}, "request_type", "Unknown type"),
        ({"legal_basis": " "}, "legal_basis", "legal basis"),
        ({"rule": "fortnight"}, "rule", "Unknown deadline rule"),
        ({"rule": DeadlineRule.WEEKS}, "rule", "number of weeks"),
        ({"holiday_jurisdiction": "XX"}, "rule", "No public-holiday calendar"),
        ({"extension_months": -1}, "rule", "negative"),
        (
            {"request_type": RequestType.ACCESS, "destroy_within_months": 3},
            "destroy_within_months",
            "R-DSR-5",
        ),
    ],
    ids=["type", "basis", "rule", "weeks", "holidays", "extension", "destroy-on-access"],
)
def test_it_refuses_a_policy_that_cannot_be_applied(dpo, veilig_thuis, nothing_saved, values, field, message):
    with nothing_saved(), pytest.raises(DomainError, match=message) as refused:
        _set(dpo, veilig_thuis, **values)
    assert refused.value.field == field


def test_it_lets_only_the_dpo_or_an_administrator_set_policies(
    caseworker, team_leader, outsider, veilig_thuis
):
    for user in (caseworker, team_leader, outsider):
        with pytest.raises(NotAllowed):
            _set(user, veilig_thuis)
    administrator = UserFactory(organisation=veilig_thuis, role=Role.ADMINISTRATOR)
    assert _set(administrator, veilig_thuis).updated_by == administrator
