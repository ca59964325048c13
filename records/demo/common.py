"""Small helpers shared by the demo generators."""

from auditlog.context import set_actor

from access_control.models import Organisation
from records.models import Record


class ReferenceAllocator:
    """Record references ``<PREFIX>-<year>-<nnnnn>`` that skip any already in the register."""

    def __init__(self, organisation: Organisation, prefix: str):
        self.prefix = prefix
        self.taken = set(Record.objects.filter(organisation=organisation).values_list("reference", flat=True))
        self.sequence = len(self.taken)

    def next(self, year: int) -> str:
        while True:
            self.sequence += 1
            reference = f"{self.prefix}-{year}-{self.sequence:05d}"
            if reference not in self.taken:
                self.taken.add(reference)
                return reference


def acting_as(user):
    """Name ``user`` as the actor of the auditlog entries the services write (as the web does)."""
    return set_actor(user)
