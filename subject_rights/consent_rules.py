"""Who must consent for a pupil, and what is wrong with a given set of signatories
(R-CON-2, R-CON-3). Pure: takes the pupil's capacity and their legal relations as facts.

* under 12 (or not competent): the people with parental authority;
* 12 to 15: the people with parental authority *and* the pupil;
* 16 and over: the pupil alone;
* everyone with authority signs: both parents when both hold it, even one who has had no
  contact for years;
* a guardian with authority consents instead of the parents; a family guardian under a
  supervision order (OTS) and a foster parent who is not the guardian have no authority and
  never consent.

The age bands are the jurisdiction's (subject_rights.capacity, R-DSR-12).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from subject_rights.capacity import Capacity, Signatories
from subject_rights.models.consent import RelationKind, SignatoryCapacity


@dataclass(frozen=True)
class RelationFact:
    person_id: int
    name: str
    kind: str
    has_parental_authority: bool


@dataclass(frozen=True)
class RequiredSignatory:
    person_id: int
    name: str
    capacity: str


class ConsentRuleError(ValueError):
    """Nobody can validly consent yet; the message says what to record first."""


@dataclass(frozen=True)
class ConsentRequirement:
    child_id: int
    child_name: str
    capacity: Capacity
    required: tuple[RequiredSignatory, ...]
    relations: tuple[RelationFact, ...]

    @property
    def required_ids(self) -> frozenset[int]:
        return frozenset(signatory.person_id for signatory in self.required)

    def capacity_of(self, person_id: int) -> str:
        return next(s.capacity for s in self.required if s.person_id == person_id)

    def problems(self, given_ids: set[int], names: dict[int, str]) -> list[str]:
        """Why consent given by ``given_ids`` is not valid (empty when it is)."""
        missing = [s for s in self.required if s.person_id not in given_ids]
        wrong = [person_id for person_id in given_ids if person_id not in self.required_ids]
        return [self._missing_message(s) for s in missing] + [
            self._wrong_message(person_id, names.get(person_id, "?")) for person_id in sorted(wrong)
        ]

    def _missing_message(self, signatory: RequiredSignatory) -> str:
        values = {"name": signatory.name, "child": self.child_name, "reason": self.capacity.reason}
        if signatory.capacity == SignatoryCapacity.PUPIL:
            if self.capacity.signatories == Signatories.ALONE:
                return _("%(child)s must give this consent themself. %(reason)s") % values
            return (
                _(
                    "%(child)s must consent together with the parents with parental authority; "
                    "the consent of %(child)s is missing. %(reason)s"
                )
                % values
            )
        if signatory.capacity == SignatoryCapacity.GUARDIAN:
            return (
                _("The consent of %(name)s, the guardian with parental authority, is missing (R-CON-3).")
                % values
            )
        parents = [s for s in self.required if s.capacity == SignatoryCapacity.PARENT]
        if len(parents) > 1:
            return (
                _(
                    "The consent of %(name)s is missing: when both parents hold parental authority, "
                    "both must consent, even one who has had no contact for years (R-CON-2)."
                )
                % values
            )
        return _("The consent of %(name)s, who holds parental authority, is missing (R-CON-2).") % values

    def _wrong_message(self, person_id: int, name: str) -> str:
        values = {"name": name, "child": self.child_name, "reason": self.capacity.reason}
        if person_id == self.child_id:
            return (
                _("The people with parental authority consent for %(child)s, not %(child)s. %(reason)s")
                % values
            )
        relation = next((r for r in self.relations if r.person_id == person_id), None)
        if relation is None:
            return (
                _("%(name)s is not recorded as a parent or guardian of %(child)s and cannot consent.")
                % values
            )
        if relation.kind == RelationKind.FAMILY_GUARDIAN_OTS:
            return (
                _(
                    "%(name)s is a family guardian under a supervision order (OTS) and has no parental "
                    "authority: the parents with authority consent (R-CON-3)."
                )
                % values
            )
        if relation.kind == RelationKind.FOSTER_PARENT:
            return (
                _(
                    "%(name)s is a foster parent without parental authority and cannot consent; the "
                    "people with parental authority do (R-CON-3)."
                )
                % values
            )
        if not relation.has_parental_authority:
            return (
                _("%(name)s has no parental authority over %(child)s and cannot consent (R-CON-2).") % values
            )
        if self.capacity.signatories == Signatories.ALONE:
            return _("%(child)s consents alone; %(name)s does not sign. %(reason)s") % values
        return (
            _(
                "%(name)s is a parent, but a guardian holds parental authority over %(child)s and "
                "consents instead (R-CON-3)."
            )
            % values
        )


def who_must_consent(
    *, child_id: int, child_name: str, capacity: Capacity, relations: list[RelationFact]
) -> ConsentRequirement:
    """The people who must consent for the child; ConsentRuleError when none can yet."""
    if capacity.needs_assessment:
        raise ConsentRuleError(
            _("Record whether %(child)s is competent to consent: %(reason)s")
            % {"child": child_name, "reason": capacity.reason}
        )
    pupil = RequiredSignatory(child_id, child_name, SignatoryCapacity.PUPIL)
    guardians = [
        RequiredSignatory(r.person_id, r.name, SignatoryCapacity.GUARDIAN)
        for r in relations
        if r.kind == RelationKind.GUARDIAN_WITH_AUTHORITY and r.has_parental_authority
    ]
    parents = [
        RequiredSignatory(r.person_id, r.name, SignatoryCapacity.PARENT)
        for r in relations
        if r.kind == RelationKind.PARENT and r.has_parental_authority
    ]
    # R-CON-3: a guardian with authority consents instead of the parents.
    holders = guardians or parents
    if capacity.signatories == Signatories.ALONE:
        required: tuple[RequiredSignatory, ...] = (pupil,)
    elif not holders:
        raise ConsentRuleError(
            _(
                "Nobody with parental authority over %(child)s is recorded: record the parents or "
                "guardian who hold it before recording consent (R-CON-2)."
            )
            % {"child": child_name}
        )
    elif capacity.signatories == Signatories.TOGETHER:
        required = (*holders, pupil)
    else:
        required = tuple(holders)
    return ConsentRequirement(child_id, child_name, capacity, required, tuple(relations))
