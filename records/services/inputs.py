"""Plain input shapes for the services, filled by forms, serializers, seeds and tests."""

import datetime
from dataclasses import dataclass, field

from records.models import Person


@dataclass(frozen=True)
class PersonInput:
    given_names: str
    family_name: str
    date_of_birth: datetime.date | None = None
    identifiers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class MemberInput:
    """A household member: an existing person, or a new one to register."""

    role: str
    person: Person | None = None
    new_person: PersonInput | None = None


@dataclass(frozen=True)
class SubjectInput:
    role: str
    person: Person | None = None
    new_person: PersonInput | None = None


@dataclass(frozen=True)
class CopyInput:
    kind: str
    location: str
    custodian_id: int
