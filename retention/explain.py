"""One sentence per computed date, citing the rule (RETENTION.md: every date is explainable).

Built from the item's stored retention columns and the schedule version that set them, so
the explanation always matches the date the engine wrote.
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from records.models import RetentionBasis as Basis
from retention.models import DueAction, Rounding, ScheduleVersion, Trigger

TRIGGER_PHRASES = {
    Trigger.CREATED: "the creation date",
    Trigger.CLOSED: "the closing date",
    Trigger.LAST_EVENT: "the latest event",
    Trigger.SUBJECT_BIRTH: "the date of birth",
    Trigger.EVENT: "the event",
}


def _d(value: datetime.date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else "?"


def _action_phrase(action: str) -> str:
    return {
        DueAction.DESTROY: "destroy after",
        DueAction.ANONYMISE: "anonymise after",
        DueAction.REVIEW: "review on",
        DueAction.TRANSFER: "transfer to the archive after",
        DueAction.RETAIN_PERMANENTLY: "retain permanently",
    }.get(action, action)


def _citation(version: ScheduleVersion) -> str:
    return f"{version.schedule.code} v{version.number}: {version.legal_basis}"


def _period_from(version: ScheduleVersion, trigger_on: datetime.date | None) -> str:
    if version.rounding == Rounding.CALENDAR_YEAR and trigger_on:
        return f"{version.period_text} from {TRIGGER_PHRASES[version.trigger]} year {trigger_on.year}"
    text = f"{version.period_text} from {TRIGGER_PHRASES[version.trigger]} ({_d(trigger_on)})"
    if version.rounding == Rounding.FINANCIAL_YEAR:
        text += ", to the end of that financial year"
    return text


def explain(item) -> str:
    """The one-sentence explanation of ``item``'s (a Record or Dossier) retention date."""
    basis = item.retention_basis
    version = item.retention_version
    if basis == Basis.OPEN:
        return _("No destruction date: the dossier is open (R-WMO-5).")
    if basis in (Basis.NO_SCHEDULE, "") or version is None:
        return _("No retention date: no retention schedule applies to this item's class.")
    due = item.retention_due_on
    head = f"{_action_phrase(item.retention_action).capitalize()} {_d(due)}"
    if basis == Basis.PERMANENT:
        return f"Retain permanently — {_citation(version)}"
    if basis == Basis.NO_TRIGGER:
        return f"No date yet: {TRIGGER_PHRASES[version.trigger]} is not known — {_citation(version)}"
    if basis == Basis.EXTENSION:
        return f"{head}: retention extended by a recorded decision, later than the schedule's date (R-WMO-3)."
    if basis == Basis.REVIEW_RETAIN:
        return f"{head}: retained at the review of {_d(item.retention_last_reviewed_on)} (R-REC-5)."
    if basis == Basis.YOUNGEST_CHILD:
        closed = getattr(item, "closed_on", None)
        child_year = item.retention_trigger_on.year if item.retention_trigger_on else "?"
        closed_text = f"closing year {closed.year}" if closed else "the closing year"
        age = version.extend_until_youngest_child_age
        return (
            f"{head}: {version.period_text} from {closed_text}, extended to the year the youngest "
            f"child (born {child_year}) turns {age} — R-WMO-2."
        )
    if basis == Basis.PERSON_GROUP:
        person = item.retention_basis_person
        who = person.full_name if person else "a person in this record"
        group = version.get_police_group_display() if version.police_group else version.schedule.name
        return (
            f"{head}: {who} is in {group}, the highest group of any record about them; "
            f"{_period_from(version, item.retention_trigger_on)} — {_citation(version)}"
        )
    text = f"{head}: {_period_from(version, item.retention_trigger_on)}"
    if version.extend_until_youngest_child_age:
        text += f" (the youngest child turns {version.extend_until_youngest_child_age} earlier)"
    return f"{text} — {_citation(version)}"


def due_label(item) -> str:
    if item.retention_due_on is None:
        return _("No date")
    return date_format(item.retention_due_on, "SHORT_DATE_FORMAT")
