"""Seed the four demo organisations. Idempotent: what exists is kept, what is missing is added.

Each organisation is seeded in its own transaction, so a failure leaves it either complete
or absent. Records and dossiers are topped up to the requested number, so a second run with
the same numbers writes nothing. Random and Faker are seeded per organisation: an empty
database seeded on the same day always gets the same demo (dates are relative to today).
"""

import datetime
import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from access_control.models import Organisation, OrganisationKind, User
from core.request_context import reset_request_id, set_request_id
from records.demo.catalogue import DEMO_PASSWORD, ORGANISATIONS, OrganisationSpec
from records.demo.households import HouseholdSeeder
from records.demo.names import new_faker, seeded_random
from records.demo.police import PoliceSeeder
from records.demo.schools import SchoolSeeder
from records.demo.setup import demo_organisation_ensure
from records.demo.two_factor import demo_totp_devices_ensure
from records.models import Dossier, Record

DEFAULT_RECORDS = 300
DEFAULT_DOSSIERS = 150


@dataclass
class SeedResult:
    organisation: Organisation
    users: list[User]
    added: dict[str, int] = field(default_factory=dict)


def school_record_count(records: int) -> int:
    """The schools hold a smaller register than the police force: an eighth, rounded up."""
    return (records + 7) // 8


def seed_demo(
    *, records: int = DEFAULT_RECORDS, dossiers: int = DEFAULT_DOSSIERS, today: datetime.date | None = None
) -> list[SeedResult]:
    if records < 0 or dossiers < 0:
        raise ValueError("The numbers of records and dossiers cannot be negative.")
    today = today or timezone.localdate()
    # Hashing is deliberately slow; hash the one demo password once, and only if needed.
    password_hash = functools.cache(lambda: make_password(DEMO_PASSWORD))
    # One request id for the whole run, so its domain events can be found together.
    token = set_request_id(f"seed_demo-{uuid.uuid4().hex[:12]}")
    try:
        results = []
        for spec in ORGANISATIONS:
            with transaction.atomic():
                results.append(
                    _seed_organisation(
                        spec, records=records, dossiers=dossiers, today=today, password_hash=password_hash
                    )
                )
        return results
    finally:
        reset_request_id(token)


def _seed_organisation(
    spec: OrganisationSpec,
    *,
    records: int,
    dossiers: int,
    today: datetime.date,
    password_hash: Callable[[], str],
) -> SeedResult:
    ctx = demo_organisation_ensure(
        spec,
        password_hash=password_hash,
        fake=new_faker(spec.faker_locale, f"{spec.slug}:users"),
        rng=seeded_random(f"{spec.slug}:users"),
    )
    organisation = ctx.organisation
    result = SeedResult(organisation=organisation, users=list(ctx.users.values()))
    result.added["demo authenticator apps"] = demo_totp_devices_ensure(result.users)
    if spec.kind == OrganisationKind.VEILIG_THUIS:
        model, wanted, seeder_class, label = Dossier, dossiers, HouseholdSeeder, "dossiers"
    elif spec.kind == OrganisationKind.POLICE_FORCE:
        model, wanted, seeder_class, label = Record, records, PoliceSeeder, "records"
    else:
        model, wanted, seeder_class, label = Record, school_record_count(records), SchoolSeeder, "records"
    if spec.kind == OrganisationKind.SCHOOL:
        from governance.demo import governance_demo_ensure  # the school's DSL and policy

        result.added["governance"] = governance_demo_ensure(ctx.users, today=today)
    # Requests, consents and legal relations (Veilig Thuis and the police force only).
    from subject_rights.demo import subject_rights_demo_ensure

    result.added["subject-rights items"] = subject_rights_demo_ensure(ctx, today=today)
    existing = model.objects.filter(organisation=organisation).count()
    missing = max(0, wanted - existing)
    if missing:
        # Seeded by what already exists, so topping up adds new data, not repeats.
        seed = f"{spec.slug}:{label}:{existing}"
        seeder = seeder_class(
            ctx, rng=seeded_random(seed), fake=new_faker(spec.faker_locale, seed), today=today
        )
        seeder.run(missing)
    result.added[label] = missing
    return result
