"""Setting the deadline terms per organisation and request type (R-DSR-11)."""

from django.db import transaction
from django.utils.translation import gettext as _

from access_control.models import Organisation, OrganisationKind
from core.errors import DomainError
from core.services import domain_event_record
from subject_rights.deadlines import DeadlineRule, DeadlineTerms
from subject_rights.models import DeadlinePolicy, RequestType
from subject_rights.services.common import require_role, sets_policies


def deadline_policy_set(
    *,
    acting_user,
    organisation: Organisation,
    request_type: str,
    rule: str,
    legal_basis: str,
    weeks: int | None = None,
    extension_months: int = 2,
    roll_to_working_day: bool = True,
    holiday_jurisdiction: str = "",
    destroy_within_months: int | None = None,
) -> DeadlinePolicy:
    """Create or replace the terms for one request type ("" = every type without its own).

    Requests already received keep the terms they were received under.
    """
    require_role(
        acting_user,
        organisation.pk,
        sets_policies,
        _("Only the DPO or an administrator sets deadline policies."),
    )
    if request_type and request_type not in RequestType.values:
        raise DomainError(
            _("Unknown type of request %(value)s.") % {"value": repr(request_type)}, field="request_type"
        )
    legal_basis = (legal_basis or "").strip()
    if not legal_basis:
        raise DomainError(_("Give the legal basis of the deadline."), field="legal_basis")
    holiday_jurisdiction = (holiday_jurisdiction or "").strip().upper()
    if destroy_within_months is not None and request_type not in ("", RequestType.DESTRUCTION):
        raise DomainError(
            _("A destruction period applies to destruction requests only (R-DSR-5)."),
            field="destroy_within_months",
        )
    try:
        terms = DeadlineTerms(
            rule=rule,
            weeks=weeks if rule == DeadlineRule.WEEKS else None,
            extension_months=extension_months,
            roll_to_working_day=roll_to_working_day,
            holiday_jurisdiction=holiday_jurisdiction or organisation.jurisdiction,
            destroy_within_months=destroy_within_months,
            legal_basis=legal_basis,
        )
    except ValueError as error:
        raise DomainError(str(error), field="rule") from error
    with transaction.atomic():
        policy, created = DeadlinePolicy.objects.update_or_create(
            organisation=organisation,
            request_type=request_type,
            defaults={
                "rule": terms.rule,
                "weeks": terms.weeks,
                "extension_months": terms.extension_months,
                "roll_to_working_day": terms.roll_to_working_day,
                "holiday_jurisdiction": holiday_jurisdiction,
                "destroy_within_months": terms.destroy_within_months,
                "legal_basis": legal_basis,
                "updated_by": acting_user,
            },
        )
        domain_event_record(
            acting_user=acting_user,
            verb="deadline_policy.created" if created else "deadline_policy.changed",
            target=policy,
            legal_basis=legal_basis,
            data={"request_type": request_type, **terms.as_dict()},
        )
    return policy


# What each kind of organisation answers to, installed as editable policies.
_VEILIG_THUIS_FOUR_WEEKS = {
    RequestType.RECTIFICATION: "Veilig Thuis regulation art. 15: reasoned answer within four weeks (R-DSR-3)",
    RequestType.DESTRUCTION: "Veilig Thuis regulation art. 17: answer within four weeks, "
    "destroyed within three months of receipt (R-DSR-5)",
    RequestType.ERASURE: "Veilig Thuis regulation art. 18: without undue delay, at most four weeks (R-DSR-6)",
}


def deadline_policies_install_defaults(*, acting_user, organisation: Organisation) -> list[DeadlinePolicy]:
    """The statutory defaults for the organisation's kind; types already configured are kept."""
    existing = set(
        DeadlinePolicy.objects.filter(organisation=organisation).values_list("request_type", flat=True)
    )
    installed = []
    wanted: list[dict] = [
        {
            "request_type": "",
            "rule": DeadlineRule.CALENDAR_MONTH,
            "extension_months": 2,
            "legal_basis": "GDPR art. 12(3): one month, extendable by two further months",
        }
    ]
    if organisation.kind == OrganisationKind.VEILIG_THUIS:
        wanted += [
            {
                "request_type": request_type,
                "rule": DeadlineRule.WEEKS,
                "weeks": 4,
                "extension_months": 0,
                "legal_basis": basis,
                "destroy_within_months": 3 if request_type == RequestType.DESTRUCTION else None,
            }
            for request_type, basis in _VEILIG_THUIS_FOUR_WEEKS.items()
        ]
    for values in wanted:
        if values["request_type"] in existing:
            continue
        installed.append(deadline_policy_set(acting_user=acting_user, organisation=organisation, **values))
    return installed
