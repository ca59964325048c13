"""The policy register (R-POL-1): policies, versions and their approval, the review cycle,
acknowledgements (R-ACC-2) and review reminders."""

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from access_control.models import Role
from core.errors import DomainError, InvalidTransition, NotAllowed
from core.services import domain_event_record
from governance.access import POLICY_MANAGERS
from governance.dates import REVIEW_REMINDER_DAYS, next_review_on
from governance.models import Audience, Policy, PolicyAcknowledgement, PolicyKind, PolicyVersion, ReviewPeriod
from governance.services.common import (
    mail_after_commit,
    require_member,
    require_not_future,
    require_same_organisation,
    require_text,
)


def _require_manager(acting_user, policy: Policy | None = None) -> None:
    require_member(acting_user)
    if acting_user.role in POLICY_MANAGERS:
        return
    if policy is not None and policy.owner_id == acting_user.pk:
        return
    raise NotAllowed(_("Only the policy's owner, an administrator or the DPO can do this."))


def _review_fields(review_period: str, review_months: int | None, review_month: int | None) -> dict:
    if not review_period:
        raise DomainError(_("Choose how often the policy is reviewed."), field="review_period")
    if review_period not in ReviewPeriod.values:
        raise DomainError(_("Choose how often the policy is reviewed."), field="review_period")
    if review_period == ReviewPeriod.MONTHS and not (review_months and 1 <= review_months <= 60):
        raise DomainError(_("Enter the number of months between reviews (1 to 60)."), field="review_months")
    if review_period == ReviewPeriod.FIXED_MONTH and not (review_month and 1 <= review_month <= 12):
        raise DomainError(_("Choose the month of the yearly review."), field="review_month")
    return {
        "review_period": review_period,
        "review_months": review_months if review_period == ReviewPeriod.MONTHS else None,
        "review_month": review_month if review_period == ReviewPeriod.FIXED_MONTH else None,
    }


def policy_create(
    *,
    acting_user,
    title: str,
    kind: str,
    owner,
    review_period: str,
    review_months: int | None = None,
    review_month: int | None = None,
    requires_acknowledgement: bool = False,
    audience: str = Audience.STAFF,
    text: str = "",
    document=None,
    record_class=None,
) -> Policy:
    """Register a policy with its first (draft) version; approval starts its review cycle."""
    _require_manager(acting_user)
    title = require_text(title, _("Enter the title of the policy."), "title")
    if kind not in PolicyKind.values:
        raise DomainError(_("Choose the kind of policy."), field="kind")
    if owner is None:
        raise DomainError(_("Choose the owner of the policy."), field="owner")
    require_same_organisation(acting_user, owner, field="owner")
    require_same_organisation(acting_user, record_class, field="record_class")
    review = _review_fields(review_period, review_months, review_month)
    if audience not in Audience.values:
        raise DomainError(_("Choose who acknowledges the policy."), field="audience")
    if not (text or "").strip() and not document:
        raise DomainError(_("Give the text of the policy or attach the document."), field="text")
    if Policy.objects.filter(organisation_id=acting_user.organisation_id, title=title).exists():
        raise DomainError(_("A policy with this title is already registered."), field="title")
    with transaction.atomic():
        policy = Policy.objects.create(
            organisation_id=acting_user.organisation_id,
            title=title,
            kind=kind,
            owner=owner,
            requires_acknowledgement=requires_acknowledgement,
            audience=audience,
            record_class=record_class,
            created_by=acting_user,
            **review,
        )
        PolicyVersion.objects.create(
            organisation_id=policy.organisation_id,
            policy=policy,
            number=1,
            text=(text or "").strip(),
            document=document or "",
            created_by=acting_user,
        )
        domain_event_record(
            acting_user=acting_user, verb="policy.registered", target=policy, legal_basis="R-POL-1"
        )
    return policy


def policy_version_add(
    *, acting_user, policy: Policy, text: str = "", document=None, change_note: str = ""
) -> PolicyVersion:
    """A new draft version (a review that changes the text, or confirms it unchanged)."""
    _require_manager(acting_user, policy)
    require_same_organisation(acting_user, policy)
    if not (text or "").strip() and not document:
        raise DomainError(_("Give the text of the policy or attach the document."), field="text")
    with transaction.atomic():
        policy = Policy.objects.select_for_update().get(pk=policy.pk)
        latest = policy.versions.order_by("-number").first()
        if latest is not None and latest.approved_on is None:
            raise InvalidTransition(
                _("Version %(number)s is still a draft: approve it before adding another.")
                % {"number": latest.number}
            )
        version = PolicyVersion.objects.create(
            organisation_id=policy.organisation_id,
            policy=policy,
            number=(latest.number + 1) if latest else 1,
            text=(text or "").strip(),
            document=document or "",
            change_note=(change_note or "").strip(),
            created_by=acting_user,
        )
        domain_event_record(
            acting_user=acting_user,
            verb="policy.version_added",
            target=policy,
            data={"version": version.number},
        )
    return version


def policy_version_approve(
    *, acting_user, version: PolicyVersion, approved_on: datetime.date, approved_by_name: str = ""
) -> PolicyVersion:
    """Approve the draft version: it becomes current and starts the next review cycle."""
    policy = version.policy
    _require_manager(acting_user, policy)
    require_same_organisation(acting_user, version)
    if approved_on is None:
        raise DomainError(_("Enter the date of approval."), field="approved_on")
    require_not_future(approved_on, "approved_on")
    with transaction.atomic():
        policy = Policy.objects.select_for_update().get(pk=policy.pk)
        version = PolicyVersion.objects.get(pk=version.pk)
        latest_number = policy.versions.order_by("-number").values_list("number", flat=True).first()
        if version.approved_on is not None:
            raise InvalidTransition(_("This version is already approved."))
        if version.number != latest_number:
            raise InvalidTransition(_("Only the latest version can be approved."))
        previous = (
            policy.versions.filter(approved_on__isnull=False)
            .order_by("-number")
            .values_list("approved_on", flat=True)
            .first()
        )
        if previous is not None and approved_on < previous:
            raise DomainError(
                _("The approval cannot be earlier than the previous version's (%(date)s).")
                % {"date": previous.strftime("%d-%m-%Y")},
                field="approved_on",
            )
        version.approved_on = approved_on
        version.approved_by = acting_user
        version.approved_by_name = (approved_by_name or "").strip()
        version.save(update_fields=["approved_on", "approved_by", "approved_by_name"])
        policy.next_review_on = next_review_on(
            period=policy.review_period,
            approved_on=approved_on,
            months=policy.review_months,
            month=policy.review_month,
        )
        policy.reminded_for = None
        policy.save(update_fields=["next_review_on", "reminded_for"])
        domain_event_record(
            acting_user=acting_user,
            verb="policy.version_approved",
            target=policy,
            legal_basis="R-POL-1",
            data={"version": version.number, "next_review_on": policy.next_review_on.isoformat()},
        )
    return version


def current_version(policy: Policy) -> PolicyVersion | None:
    return policy.versions.filter(approved_on__isnull=False).order_by("-number").first()


def _acknowledge(*, acting_user, policy: Policy, user=None, person=None) -> PolicyAcknowledgement:
    if not policy.requires_acknowledgement:
        raise DomainError(_("This policy does not ask for acknowledgement."))
    version = current_version(policy)
    if version is None:
        raise InvalidTransition(_("The policy has no approved version to acknowledge yet."))
    lookup = (
        {"version": version, "user": user} if user is not None else {"version": version, "person": person}
    )
    existing = PolicyAcknowledgement.objects.filter(**lookup).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            acknowledgement = PolicyAcknowledgement.objects.create(
                organisation_id=policy.organisation_id, recorded_by=acting_user, **lookup
            )
            domain_event_record(
                acting_user=acting_user,
                verb="policy.acknowledged",
                target=policy,
                legal_basis="R-ACC-2",
                data={"version": version.number, "person": getattr(person, "pk", None)},
            )
    except IntegrityError:  # acknowledged twice at once: the first stands
        return PolicyAcknowledgement.objects.get(**lookup)
    return acknowledgement


def policy_acknowledge(*, acting_user, policy: Policy) -> PolicyAcknowledgement:
    """A member of staff acknowledges the current version of the policy."""
    require_member(acting_user)
    require_same_organisation(acting_user, policy)
    if acting_user.role == Role.API_CLIENT:
        raise NotAllowed(_("A person acknowledges a policy, not a system."))
    return _acknowledge(acting_user=acting_user, policy=policy, user=acting_user)


def policy_acknowledge_for_person(*, acting_user, policy: Policy, person) -> PolicyAcknowledgement:
    """Staff record that a pupil or parent acknowledged the current version (on paper)."""
    _require_manager(acting_user, policy)
    require_same_organisation(acting_user, policy)
    if person is None:
        raise DomainError(_("Choose the pupil or parent who acknowledged the policy."), field="person")
    require_same_organisation(acting_user, person, field="person")
    if policy.audience != Audience.STAFF_AND_PUPILS:
        raise DomainError(_("This policy is acknowledged by staff only."), field="person")
    return _acknowledge(acting_user=acting_user, policy=policy, person=person)


def policy_review_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind owners of reviews due within the reminder window, once per review date."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REVIEW_REMINDER_DAYS)
    sent = 0
    due = Policy.objects.filter(next_review_on__isnull=False, next_review_on__lte=horizon).select_related(
        "owner"
    )
    for policy in due.iterator():
        if policy.reminded_for == policy.next_review_on:
            continue
        with transaction.atomic():
            claimed = (
                Policy.objects.filter(pk=policy.pk, next_review_on=policy.next_review_on)
                .exclude(reminded_for=policy.next_review_on)
                .update(reminded_for=policy.next_review_on)
            )
            if not claimed:  # another worker reminded it
                continue
            overdue = policy.next_review_on < today
            domain_event_record(
                acting_user=None,
                verb="policy.review_overdue" if overdue else "policy.review_due",
                target=policy,
                legal_basis="R-POL-1",
                data={"next_review_on": policy.next_review_on.isoformat()},
            )
            mail_after_commit(
                _("Policy review due: %(title)s") % {"title": policy.title},
                _("The review of %(title)s is due on %(date)s. Open it at %(path)s")
                % {
                    "title": policy.title,
                    "date": policy.next_review_on.strftime("%d-%m-%Y"),
                    "path": reverse("governance:policy_detail", args=[policy.pk]),
                },
                [policy.owner.email],
            )
            sent += 1
    return sent
