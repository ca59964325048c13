"""The vocabularies of data-subject requests (R-DSR-1..14)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestType(models.TextChoices):
    ACCESS = "access", _("Access")
    COPY = "copy", _("Copy")
    RECTIFICATION = "rectification", _("Rectification")
    OWN_STATEMENT = "own_statement", _("Own statement")
    DESTRUCTION = "destruction", _("Destruction")
    ERASURE = "erasure", _("Erasure")
    RESTRICTION = "restriction", _("Restriction")
    OBJECTION = "objection", _("Objection")
    PORTABILITY = "portability", _("Portability")


# The rule each request type answers to, for domain events and letters.
LEGAL_BASIS_BY_TYPE: dict[str, str] = {
    RequestType.ACCESS: "GDPR art. 15; R-DSR-2",
    RequestType.COPY: "GDPR art. 15(3); R-DSR-2",
    RequestType.RECTIFICATION: "GDPR art. 16; R-DSR-3",
    RequestType.OWN_STATEMENT: "R-DSR-4",
    RequestType.DESTRUCTION: "R-DSR-5",
    RequestType.ERASURE: "GDPR art. 17; R-DSR-6",
    RequestType.RESTRICTION: "GDPR art. 18",
    RequestType.OBJECTION: "GDPR art. 21",
    RequestType.PORTABILITY: "GDPR art. 20",
}


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    # Identity evidence, proof of representation or a fee was asked for; the clock starts
    # when it arrives (R-DSR-11).
    AWAITING_IDENTITY = "awaiting_identity", _("Awaiting identity")
    IN_PROGRESS = "in_progress", _("In progress")
    PAUSED = "paused", _("Paused for clarification")
    EXTENDED = "extended", _("Extended")
    DECIDED = "decided", _("Decided")
    FULFILLED = "fulfilled", _("Fulfilled")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = frozenset(
    {
        RequestStatus.RECEIVED,
        RequestStatus.AWAITING_IDENTITY,
        RequestStatus.IN_PROGRESS,
        RequestStatus.PAUSED,
        RequestStatus.EXTENDED,
        RequestStatus.DECIDED,
    }
)
# States in which the answer's clock is running (so the request can be due or overdue).
CLOCK_RUNNING_STATUSES = frozenset(
    {RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS, RequestStatus.EXTENDED}
)


class RequesterRole(models.TextChoices):
    SUBJECT = "subject", _("The subject themself")
    REPRESENTATIVE = "representative", _("Legal representative")
    JOINT = "joint", _("The subject and their legal representative together")
    AGENT = "agent", _("Someone the subject authorised")


class Channel(models.TextChoices):
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("Email")
    WEB_FORM = "web_form", _("Web form")
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")
    API = "api", _("External system (API)")


class IdentityMethod(models.TextChoices):
    PHOTO_ID_SEEN = "photo_id_seen", _("Photo ID seen in person")
    ID_COPY = "id_copy", _("Copy of an ID document")
    KNOWN_CONTACT = "known_contact", _("Known to us through current contact")
    DIGITAL_ID = "digital_id", _("Digital identity (e.g. DigiD, GOV.UK One Login)")
    OTHER = "other", _("Other (described)")


class Decision(models.TextChoices):
    GRANT = "grant", _("Granted")
    PARTIAL = "partial", _("Partly granted")
    REFUSE = "refuse", _("Refused")


class RefusalGround(models.TextChoices):
    THIRD_PARTY_PRIVACY = "third_party_privacy", _("Privacy of a third party (R-DSR-2, R-DSR-14)")
    SAFETY = "safety", _("Safety of those involved (R-DSR-2)")
    YOUNG_PERSON_INTERESTS = "young_person_interests", _("Weighty interests of the young person (R-DSR-8)")
    SIGNIFICANT_INTEREST = "significant_interest", _("Significant interest of someone else (R-DSR-5)")
    ERASURE_EXCEPTION = "erasure_exception", _("GDPR art. 17(3) exception (R-DSR-6)")
    LAW_ENFORCEMENT = "law_enforcement", _("Necessary and proportionate restriction (DPA 2018 Part 3)")
    MANIFESTLY_UNFOUNDED = "manifestly_unfounded", _("Manifestly unfounded or excessive (GDPR art. 12(5))")
    NOT_INACCURATE = "not_inaccurate", _("The data is accurate and complete (R-DSR-3)")
    COMPELLING_GROUNDS = (
        "compelling_grounds",
        _("Compelling legitimate grounds override the objection (GDPR art. 21(1), R-CON-7)"),
    )
    OTHER = "other", _("Other (in the reasons)")


class ErasureException(models.TextChoices):
    """GDPR art. 17(3): erasure may be refused where processing is necessary for..."""

    EXPRESSION = "a", _("(a) freedom of expression and information")
    LEGAL_OBLIGATION = "b", _("(b) a legal obligation, a task in the public interest or official authority")
    PUBLIC_HEALTH = "c", _("(c) public health")
    ARCHIVING = "d", _("(d) archiving in the public interest, research or statistics")
    LEGAL_CLAIMS = "e", _("(e) legal claims")
