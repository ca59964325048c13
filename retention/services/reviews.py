"""Reviews (R-REC-5, R-REC-7): opening the due ones and deciding them.

Opening is a sweep step: set-based selection (retention.selectors.review_candidates), read
in keyset chunks and inserted with ``bulk_create(ignore_conflicts=True)``, so the partial
unique constraint "one open review per item" makes a re-run (or a concurrent one) open
nothing twice. Deciding is one locked, audited write that keeps who decided, when and why;
"dispose" and "transfer" are only recorded here: the sweep's disposal_candidates picks them
up into a batch, where approval and the hold re-check still apply.
"""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from access_control.models import Organisation, Role
from core.errors import DomainError, NotAllowed
from core.services import domain_event_record
from records.models import Dossier, ItemStatus, Record
from retention import engine
from retention.dates import FOREVER, add_period
from retention.explain import explain
from retention.models import (
    Automation,
    DisposalItem,
    DueAction,
    Review,
    ReviewDecision,
    ReviewReason,
    ReviewStatus,
    ScheduleVersion,
)
from retention.nrac import NRAC_CODES, NRAC_QUESTIONS
from retention.selectors import review_candidates
from retention.services.extensions import retention_extend

CHUNK = 1000
DECIDER_ROLES = frozenset({Role.RECORDS_OFFICER, Role.TEAM_LEADER})
# What explain() reads, and what the review row copies; nothing else is loaded.
_FIELDS = (
    "organisation_id",
    "retention_due_on",
    "retention_review_on",
    "retention_action",
    "retention_basis",
    "retention_trigger_on",
    "retention_last_reviewed_on",
    "closed_on",
    "retention_version",
    "retention_basis_person",
)


# --- opening --------------------------------------------------------------------------------


def _awaiting_disposal(model) -> Exists:
    """A decided dispose/transfer review no batch has taken yet: the item needs no new review."""
    field = "record" if model is Record else "dossier"
    return Exists(
        Review.objects.filter(
            **{field: OuterRef("pk")},
            status=ReviewStatus.DECIDED,
            decision__in=(ReviewDecision.DISPOSE, ReviewDecision.TRANSFER),
        ).exclude(Exists(DisposalItem.objects.filter(review=OuterRef("pk"))))
    )


def _is_due(item, today: datetime.date) -> bool:
    """The "due" branch of review_candidates; otherwise the review is a periodic one."""
    version = item.retention_version
    return (
        item.retention_due_on is not None
        and item.retention_due_on <= today
        and version is not None
        and (
            version.automation == Automation.HUMAN_REVIEW
            or item.retention_action in (DueAction.REVIEW, DueAction.TRANSFER)
        )
    )


def _review_for(item, organisation: Organisation, today: datetime.date) -> Review:
    due = _is_due(item, today)
    return Review(
        organisation=organisation,
        record=item if isinstance(item, Record) else None,
        dossier=item if isinstance(item, Dossier) else None,
        reason=ReviewReason.DUE if due else ReviewReason.PERIODIC,
        due_on=item.retention_due_on if due else item.retention_review_on,
        schedule_version=item.retention_version,
        explanation=explain(item),
    )


def _open_for(model, organisation: Organisation, today: datetime.date) -> int:
    # explain() reads the whole schedule version (rule parts), so it is joined in full;
    # the item itself loads only the retention columns.
    candidates = (
        review_candidates(model, organisation_id=organisation.pk, today=today)
        .exclude(_awaiting_disposal(model))
        .select_related("retention_version__schedule", "retention_basis_person")
        .only(*_FIELDS)
        .order_by("pk")
    )
    opened = 0
    last_pk = 0
    while True:
        chunk = list(candidates.filter(pk__gt=last_pk)[:CHUNK])
        if not chunk:
            return opened
        last_pk = chunk[-1].pk
        started = timezone.now()
        Review.objects.bulk_create(
            [_review_for(item, organisation, today) for item in chunk], ignore_conflicts=True
        )
        # ignore_conflicts gives back no ids: count what this chunk really opened.
        field = "record_id__in" if model is Record else "dossier_id__in"
        opened += Review.objects.filter(
            status=ReviewStatus.OPEN, opened_at__gte=started, **{field: [item.pk for item in chunk]}
        ).count()


def reviews_withdraw_stale(*, organisation: Organisation, today: datetime.date) -> int:
    """Close open reviews whose item is no longer due (a new event restarted its clock)."""
    not_due = (Q(retention_due_on__isnull=True) | Q(retention_due_on__gt=today)) & (
        Q(retention_review_on__isnull=True) | Q(retention_review_on__gt=today)
    )
    stale = Review.objects.filter(organisation=organisation, status=ReviewStatus.OPEN).filter(
        Q(record__in=Record.objects.filter(not_due)) | Q(dossier__in=Dossier.objects.filter(not_due))
    )
    with transaction.atomic():
        withdrawn = stale.update(
            status=ReviewStatus.WITHDRAWN,
            decided_at=timezone.now(),
            justification="Withdrawn by the sweep: the item is no longer due.",
        )
        if withdrawn:
            domain_event_record(
                acting_user=None,
                verb="reviews.withdrawn",
                organisation=organisation,
                reason="The items are no longer due after the recompute.",
                data={"count": withdrawn},
            )
    return withdrawn


def reviews_open_due(*, organisation: Organisation, today: datetime.date) -> int:
    """Open one review for every record and dossier that needs a decision; returns how many."""
    return _open_for(Record, organisation, today) + _open_for(Dossier, organisation, today)


# --- deciding -------------------------------------------------------------------------------


def _check_nrac(version: ScheduleVersion | None, decision: str, nrac_answers) -> dict[str, bool]:
    """National retention assessment criteria: every question answered yes/no for police groups."""
    if version is None or not version.police_group:
        if nrac_answers:
            raise DomainError(
                _("The assessment criteria are asked only for police review groups."), field="nrac_answers"
            )
        return {}
    if not isinstance(nrac_answers, dict):
        raise DomainError(_("Answer every assessment question with yes or no."), field="nrac_answers")
    unknown = sorted(set(nrac_answers) - set(NRAC_CODES))
    if unknown:
        raise DomainError(
            _("Unknown assessment question(s): %(codes)s.") % {"codes": ", ".join(unknown)},
            field="nrac_answers",
        )
    missing = [_(text) for code, text in NRAC_QUESTIONS if not isinstance(nrac_answers.get(code), bool)]
    if missing:
        raise DomainError(
            _("Answer every assessment question with yes or no. Not answered: %(questions)s")
            % {"questions": " ".join(missing)},
            field="nrac_answers",
        )
    if any(nrac_answers.values()) and decision != ReviewDecision.RETAIN:
        raise DomainError(
            _("A 'yes' to an assessment criterion requires a justified retain."), field="decision"
        )
    return {code: nrac_answers[code] for code in NRAC_CODES}


def _retain_until(
    version: ScheduleVersion | None,
    next_review_on: datetime.date | None,
    today: datetime.date,
    *,
    periodic: bool,
) -> datetime.date:
    interval = version.review_interval_years if version is not None else None
    by_interval = add_period(today, years=interval) if interval else None
    if next_review_on is None:
        if by_interval is None:
            raise DomainError(
                _("This schedule has no review interval: give the date of the next review."),
                field="next_review_on",
            )
        return by_interval
    if isinstance(next_review_on, datetime.datetime) or not isinstance(next_review_on, datetime.date):
        raise DomainError(_("Give the next review date as a date."), field="next_review_on")
    if next_review_on <= today:
        raise DomainError(_("The next review date must be in the future."), field="next_review_on")
    if next_review_on >= FOREVER:
        raise DomainError(_("Choose a real next review date."), field="next_review_on")
    if periodic and by_interval is not None and next_review_on != by_interval:
        # The engine dates a periodic review from the last review plus the interval; another
        # date would be stored here but not followed.
        raise DomainError(
            _(
                "Periodic reviews under this schedule follow its %(years)s-year interval (next review "
                "%(date)s); leave the next review date empty."
            )
            % {"years": interval, "date": f"{by_interval:%d-%m-%Y}"},
            field="next_review_on",
        )
    return next_review_on


def _locked_item(review: Review):
    if review.record_id:
        return Record.objects.select_for_update().get(pk=review.record_id)
    return Dossier.objects.select_for_update().get(pk=review.dossier_id)


def _recompute(item) -> None:
    if isinstance(item, Record):
        engine.recompute_records([item.pk])
    else:
        engine.recompute_dossiers([item.pk])


def review_decide(
    *,
    acting_user,
    review: Review,
    decision: str,
    justification: str,
    nrac_answers: dict[str, bool] | None = None,
    next_review_on: datetime.date | None = None,
    extended_to: datetime.date | None = None,
) -> Review:
    """Decide an open review: retain, dispose, transfer to the archive, or extend (R-REC-5)."""
    if getattr(acting_user, "role", None) not in DECIDER_ROLES:
        raise NotAllowed(_("Only a records-unit officer or a team leader can decide a review."))
    if acting_user.organisation_id != review.organisation_id:
        raise NotAllowed(_("You can only decide reviews of your own organisation."))
    if decision not in ReviewDecision.values:
        raise DomainError(_("Choose retain, dispose, transfer or extend."), field="decision")
    justification = (justification or "").strip()
    if not justification:
        raise DomainError(_("Give the justification for the decision (R-REC-5)."), field="justification")
    if decision == ReviewDecision.EXTEND and acting_user.role != Role.TEAM_LEADER:
        raise NotAllowed(_("Only a team leader can extend retention (R-WMO-3)."))
    today = timezone.localdate()
    with transaction.atomic():
        locked = Review.objects.select_for_update().get(pk=review.pk)
        if locked.status != ReviewStatus.OPEN:
            decided_on = timezone.localtime(locked.decided_at) if locked.decided_at else None
            facts = {"decision": locked.get_decision_display().lower()}
            if decided_on:
                message = _("This review was already decided (%(decision)s on %(date)s).") % {
                    **facts,
                    "date": f"{decided_on:%d-%m-%Y}",
                }
            else:
                message = _("This review was already decided (%(decision)s).") % facts
            raise DomainError(
                message,
                field="decision",
            )
        item = _locked_item(locked)
        if (item.status if isinstance(item, Record) else item.lifecycle) != ItemStatus.LIVE:
            raise DomainError(_("This item has already been disposed of or transferred."), field="decision")
        version = locked.schedule_version or item.retention_version
        answers = _check_nrac(version, decision, nrac_answers)
        if decision == ReviewDecision.RETAIN:
            locked.next_review_on = _retain_until(
                version, next_review_on, today, periodic=locked.reason == ReviewReason.PERIODIC
            )
            item.retention_retained_until = max(
                filter(None, (item.retention_retained_until, locked.next_review_on))
            )
        elif next_review_on is not None:
            raise DomainError(
                _("A next review date belongs only to a decision to retain."), field="next_review_on"
            )
        if decision == ReviewDecision.EXTEND:
            if extended_to is None:
                raise DomainError(_("Give the date until which the item is kept."), field="extended_to")
            retention_extend(
                acting_user=acting_user, item=item, extended_to=extended_to, reason=justification
            )
        elif extended_to is not None:
            raise DomainError(
                _("An extension date belongs only to a decision to extend."), field="extended_to"
            )
        item.retention_last_reviewed_on = today
        item.save(update_fields=["retention_retained_until", "retention_last_reviewed_on"])
        # The review date, a retain's later due date and the explanation all follow from it.
        _recompute(item)
        locked.status = ReviewStatus.DECIDED
        locked.decision = decision
        locked.justification = justification
        locked.nrac_answers = answers
        locked.decided_by = acting_user
        locked.decided_at = timezone.now()
        locked.save()
        domain_event_record(
            acting_user=acting_user,
            verb="review.decided",
            target=locked,
            reason=justification,
            legal_basis=(version.legal_basis if version else "")[:255],
            data={
                "item": f"{'record' if isinstance(item, Record) else 'dossier'}:{item.pk}",
                "decision": decision,
                "nrac_answers": answers,
                "next_review_on": locked.next_review_on.isoformat() if locked.next_review_on else None,
                "extended_to": extended_to.isoformat() if decision == ReviewDecision.EXTEND else None,
            },
        )
    review.refresh_from_db()
    return review
