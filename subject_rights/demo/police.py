"""The police force: subject access requests under the UK GDPR / DPA 2018 clock (R-DSR-11).

One domestic-incident record links the people who ask; its description names them all, so
an access request by one shows the others as third parties to withhold (R-DSR-14). The
requests show every state a records unit's queue holds: received and awaiting identity,
paused for clarification, extended, overdue, and decided and fulfilled.
"""

import datetime

from access_control.models import Role
from records.demo.common import acting_as
from records.demo.setup import DemoOrganisation
from records.models import CopyKind, Record, RecordCategory, RecordFormat, SubjectRole
from records.services import CopyInput, PersonInput, SubjectInput, record_create
from subject_rights.demo import steps
from subject_rights.demo.steps import DemoRequest
from subject_rights.models import Channel, Decision, IdentityMethod, RequesterRole, RequestType
from subject_rights.services import subject_request_decide

REFERENCE = "HDP-SAR-DEMO-01"
VICTIM, SUSPECT = ("Rhys", "Morgan"), ("Gareth", "Pritchard")
WITNESS, NEIGHBOUR, CALLER = ("Carys", "Evans"), ("Eleri", "Hughes"), ("Dylan", "Price")


def _born(today: datetime.date, years: int) -> datetime.date:
    return today.replace(year=today.year - years, day=min(today.day, 28))


def record_ensure(ctx: DemoOrganisation, *, today: datetime.date) -> dict:
    """The incident record and its subjects, by (given, family) name."""
    record = Record.objects.filter(organisation=ctx.organisation, reference=REFERENCE).first()
    if record is None:
        actor = ctx.users[Role.CASEWORKER]
        people = (
            (SubjectRole.VICTIM, VICTIM, 34),
            (SubjectRole.SUSPECT, SUSPECT, 39),
            (SubjectRole.WITNESS, WITNESS, 52),
            (SubjectRole.WITNESS, NEIGHBOUR, 27),
            (SubjectRole.COMPLAINANT, CALLER, 45),
        )
        with acting_as(actor):
            record = record_create(
                acting_user=actor,
                reference=REFERENCE,
                title="Digwyddiad domestig / Domestic incident, Aberystwyth",
                description=(
                    "Dylan Price called 999 reporting shouting next door. Officers attended; Rhys Morgan "
                    "had facial injuries and named Gareth Pritchard. Carys Evans and Eleri Hughes gave "
                    "witness statements. Gareth Pritchard was arrested and released under investigation."
                ),
                category=RecordCategory.POLICING_PURPOSE,
                record_class=ctx.classes["MOPI-2"],
                information_asset=ctx.assets["crime"],
                format=RecordFormat.DIGITAL,
                created_on=today - datetime.timedelta(days=200),
                unit=ctx.units[0],
                language="en",
                subjects=[
                    SubjectInput(
                        role=role,
                        new_person=PersonInput(given, family, date_of_birth=_born(today, years)),
                    )
                    for role, (given, family), years in people
                ],
                copies=[
                    CopyInput(CopyKind.ELECTRONIC, ctx.assets["crime"].name, ctx.users[Role.ASSET_OWNER].pk)
                ],
            )
    links = record.subject_links.select_related("person")
    return {(link.person.given_names, link.person.family_name): link.person for link in links}


def requests_ensure(ctx: DemoOrganisation, person: dict, *, today: datetime.date) -> int:
    officer = ctx.users[Role.CASEWORKER]
    org_id = ctx.organisation.pk
    added = 0

    # Received long ago and still being worked on: overdue on the DPO dashboard.
    overdue = DemoRequest(
        RequestType.ACCESS,
        person[VICTIM],
        "Subject access request: copies of my statement and the body-worn video from the incident.",
        48,
        Channel.EMAIL,
    )
    if not steps.demo_request_exists(org_id, overdue.details):
        request = steps.received(officer, overdue, today=today)
        steps.verified(
            officer, request, method=IdentityMethod.PHOTO_ID_SEEN, note="Passport seen at the front desk."
        )
        added += 1

    # A solicitor for the suspect; many records and video: extended (R-DSR-11).
    solicitor = DemoRequest(
        RequestType.ACCESS,
        person[SUSPECT],
        "All personal data held about our client, including custody records, interview recordings "
        "and PNC entries.",
        20,
        Channel.LETTER,
        requester_role=RequesterRole.AGENT,
        requester_name="Bethan Lloyd, Lloyd & Rees Solicitors",
        requester_relationship="Solicitor, with the client's signed authority",
        requester_contact="Lloyd & Rees Solicitors, Great Darkgate Street, Aberystwyth",
    )
    if not steps.demo_request_exists(org_id, solicitor.details):
        request = steps.received(officer, solicitor, today=today)
        request = steps.verified(
            officer,
            request,
            method=IdentityMethod.OTHER,
            note="Signed client authority and SRA number checked.",
        )
        steps.extended(
            officer,
            request,
            reason=(
                "Complex request: custody and interview recordings from three systems must be reviewed "
                "for third parties."
            ),
            notified_on=today,
        )
        added += 1

    # A witness whose request is unclear: paused until she says which incident she means.
    witness = DemoRequest(
        RequestType.ACCESS,
        person[WITNESS],
        "Please send me everything you have about me.",
        9,
        Channel.WEB_FORM,
    )
    if not steps.demo_request_exists(org_id, witness.details):
        request = steps.received(officer, witness, today=today)
        request = steps.verified(officer, request, method=IdentityMethod.DIGITAL_ID, note="GOV.UK One Login.")
        steps.paused(
            officer,
            request,
            question="Which incidents or years do you mean? We hold several records mentioning you.",
            asked_on=today - datetime.timedelta(days=2),
        )
        added += 1

    # Decided and sent: granted with the witness statement, fulfilled.
    answered = DemoRequest(
        RequestType.ACCESS,
        person[NEIGHBOUR],
        "A copy of the witness statement I gave about the incident next door.",
        25,
        Channel.EMAIL,
    )
    if not steps.demo_request_exists(org_id, answered.details):
        request = steps.received(officer, answered, today=today)
        request = steps.verified(
            officer, request, method=IdentityMethod.ID_COPY, note="Driving licence copy."
        )
        with acting_as(officer):
            request = subject_request_decide(
                acting_user=officer,
                request=request,
                decision=Decision.GRANT,
                reasons=(
                    "The statement is the requester's own account; no third-party data needs withholding."
                ),
            )
        steps.fulfilled(officer, request)
        added += 1

    # Received by web form three days ago; photo ID and proof of address asked (R-DSR-9).
    caller = DemoRequest(
        RequestType.ACCESS,
        person[CALLER],
        "The recording and log of my 999 call.",
        3,
        Channel.WEB_FORM,
    )
    if not steps.demo_request_exists(org_id, caller.details):
        request = steps.received(officer, caller, today=today)
        steps.awaiting_identity(
            officer, request, asked="Asked for a copy of photo ID and a recent proof of address (R-DSR-9)."
        )
        added += 1
    return added
