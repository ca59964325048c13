"""Parental authority and consents for the Veilig Thuis demo household (R-CON-1..3).

Both parents hold parental authority over Lotte and Daan, so both sign for Lotte (9) and
both sign together with Daan (14) (R-CON-2). Three consents show the register's states: one
valid, one expiring within 30 days and one withdrawn.
"""

import datetime
from dataclasses import dataclass

from access_control.models import Role
from records.demo.common import acting_as
from records.demo.setup import DemoOrganisation
from subject_rights.demo.veilig_thuis import DAAN, FATHER, LOTTE, MOTHER
from subject_rights.models import (
    Consent,
    ConsentDirection,
    ConsentForm,
    CounterpartyKind,
    LegalRelation,
    RelationKind,
)
from subject_rights.services import consent_record, consent_withdraw, legal_relation_record


@dataclass(frozen=True)
class DemoConsent:
    child: tuple[str, str]
    data_description: str
    purpose: str
    counterparty: str
    counterparty_kind: str
    why_necessary: str
    given_days_ago: int
    valid_for_days: int | None
    withdrawn_by: tuple[str, str] | None = None


CONSENTS = (
    DemoConsent(
        LOTTE,
        "De veiligheidsafspraken over Lotte en wie haar van school mag ophalen",
        "Zodat de school weet wie Lotte mag ophalen als de spanning thuis oploopt",
        "Basisschool De Regenboog, intern begeleider",
        CounterpartyKind.SCHOOL,
        "Zonder deze afspraken kan de school niet handelen als een onbekende Lotte komt ophalen.",
        45,
        365,
    ),
    DemoConsent(
        DAAN,
        "Samenvatting van het veiligheidsplan voor Daan",
        "Begeleiding van Daan door de jongerenwerker van het wijkteam",
        "Wijkteam Helmond-Noord, jongerenwerker",
        CounterpartyKind.CARE_WORKER,
        "De jongerenwerker kan Daan alleen steunen als hij de afspraken uit het veiligheidsplan kent.",
        160,
        180,  # ends within 30 days: shows as expiring
    ),
    DemoConsent(
        LOTTE,
        "Verzuimgegevens van Lotte en de afspraken over haar schoolgang",
        "Overleg met de leerplichtambtenaar over Lottes verzuim",
        "Gemeente Helmond, leerplichtambtenaar",
        CounterpartyKind.MUNICIPALITY,
        "Lotte verzuimde vaak; de leerplichtambtenaar moest weten dat er hulp is.",
        90,
        None,
        withdrawn_by=FATHER,
    ),
)


def relations_ensure(ctx: DemoOrganisation, people: dict) -> int:
    """Both parents hold parental authority over both children (R-CON-2)."""
    actor = ctx.users[Role.CASEWORKER]
    added = 0
    for parent in (MOTHER, FATHER):
        for child in (LOTTE, DAAN):
            adult, minor = people[parent], people[child]
            if LegalRelation.objects.filter(adult=adult, child=minor, ended_on__isnull=True).exists():
                continue
            with acting_as(actor):
                legal_relation_record(
                    acting_user=actor,
                    adult=adult,
                    child=minor,
                    kind=RelationKind.PARENT,
                    has_parental_authority=True,
                )
            added += 1
    return added


def consents_ensure(ctx: DemoOrganisation, people: dict, *, today: datetime.date) -> int:
    actor = ctx.users[Role.CASEWORKER]
    added = 0
    for spec in CONSENTS:
        child = people[spec.child]
        if Consent.objects.filter(subject=child, purpose=spec.purpose).exists():
            continue
        given_on = today - datetime.timedelta(days=spec.given_days_ago)
        # Under 12 the parents sign; from 12 to 15 the parents and the child (R-CON-2).
        signatories = [people[MOTHER], people[FATHER]] + ([child] if spec.child == DAAN else [])
        with acting_as(actor):
            consent = consent_record(
                acting_user=actor,
                subject=child,
                data_description=spec.data_description,
                purpose=spec.purpose,
                direction=ConsentDirection.SHARE,
                counterparty=spec.counterparty,
                counterparty_kind=spec.counterparty_kind,
                why_necessary=spec.why_necessary,
                given_by=signatories,
                form=ConsentForm.ORAL,
                given_on=given_on,
                valid_until=given_on + datetime.timedelta(days=spec.valid_for_days)
                if spec.valid_for_days
                else None,
                note="Mondeling gegeven tijdens het huisbezoek; genoteerd in het dossier (R-CON-4).",
            )
            if spec.withdrawn_by is not None:
                consent_withdraw(
                    acting_user=actor,
                    consent=consent,
                    withdrawn_by=people[spec.withdrawn_by],
                    note="Vader wil zelf met de leerplichtambtenaar spreken.",
                )
        added += 1
    return added
