"""Demo data for the four organisations of the seeds (``manage.py seed_demo``).

Everything is written through the services, so grants, domain events and audit entries
exist exactly as if people had entered the data. ``seed_record_classes`` is also used by
the retention engine to find the classes it attaches default schedules to.
"""

from records.demo.catalogue import DEMO_PASSWORD, ORGANISATIONS, RECORD_CLASSES_BY_KIND
from records.demo.run import DEFAULT_DOSSIERS, DEFAULT_RECORDS, SeedResult, seed_demo
from records.demo.setup import demo_username, seed_record_classes

__all__ = [
    "DEFAULT_DOSSIERS",
    "DEFAULT_RECORDS",
    "DEMO_PASSWORD",
    "ORGANISATIONS",
    "RECORD_CLASSES_BY_KIND",
    "SeedResult",
    "demo_username",
    "seed_demo",
    "seed_record_classes",
]
