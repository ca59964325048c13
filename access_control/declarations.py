"""The confidentiality declaration (R-ACC-2, R-ACC-6): publish a version, accept it, and
the gate that keeps personal data closed until the current version is accepted.

An organisation without any declaration has no gate: it has not set one up yet. Once it
publishes one, each user accepts the current version once; a new version asks everyone
again.
"""

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef

from access_control.models import ConfidentialityDeclaration, DeclarationAcceptance, Role
from core.errors import DomainError, NotAllowed
from core.services import domain_event_record

# Who publishes a new version: those who administer the organisation and its compliance.
PUBLISHERS = frozenset({Role.ADMINISTRATOR, Role.DPO})


# --- Reads -----------------------------------------------------------------------------


def declaration_current(*, organisation_id: int | None) -> ConfidentialityDeclaration | None:
    if organisation_id is None:
        return None
    return (
        ConfidentialityDeclaration.objects.filter(organisation_id=organisation_id)
        .order_by("-version")
        .first()
    )


def declaration_pending_for(user) -> ConfidentialityDeclaration | None:
    """The current declaration if ``user`` has not accepted it yet, else None (one query)."""
    if not user.is_authenticated or user.organisation_id is None:
        return None
    accepted = DeclarationAcceptance.objects.filter(declaration=OuterRef("pk"), user_id=user.pk)
    current = (
        ConfidentialityDeclaration.objects.filter(organisation_id=user.organisation_id)
        .annotate(accepted=Exists(accepted))
        .order_by("-version")
        .first()
    )
    if current is None or current.accepted:
        return None
    return current


# --- Writes ----------------------------------------------------------------------------


def declaration_publish(*, acting_user, text: str) -> ConfidentialityDeclaration:
    """Publish the next version of the acting user's organisation's declaration."""
    if acting_user.role not in PUBLISHERS or acting_user.organisation_id is None:
        raise NotAllowed("Only an administrator or the DPO publishes the confidentiality declaration.")
    text = text.strip()
    if not text:
        raise DomainError("Write the text of the declaration.", field="text")
    with transaction.atomic():
        latest = (
            ConfidentialityDeclaration.objects.select_for_update()
            .filter(organisation_id=acting_user.organisation_id)
            .order_by("-version")
            .first()
        )
        if latest is not None and latest.text == text:
            raise DomainError("The text is the same as the current version.", field="text")
        declaration = ConfidentialityDeclaration.objects.create(
            organisation_id=acting_user.organisation_id,
            version=(latest.version + 1) if latest else 1,
            text=text,
            published_by=acting_user,
        )
        domain_event_record(
            acting_user=acting_user,
            verb="declaration.published",
            target=declaration,
            data={"version": declaration.version},
        )
    return declaration


def declaration_accept(*, acting_user, declaration_id: int) -> DeclarationAcceptance:
    """Record that the acting user accepts this version; it must be their current one."""
    current = declaration_current(organisation_id=acting_user.organisation_id)
    if current is None or current.pk != declaration_id:
        raise DomainError(
            "This is not the current version of the declaration. Read the current one and accept that.",
            field="declaration",
        )
    existing = DeclarationAcceptance.objects.filter(declaration=current, user=acting_user).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            acceptance = DeclarationAcceptance.objects.create(declaration=current, user=acting_user)
            domain_event_record(
                acting_user=acting_user,
                verb="declaration.accepted",
                target=current,
                data={"version": current.version},
            )
    except IntegrityError:
        # Accepted twice at once (a double click): the first acceptance stands.
        return DeclarationAcceptance.objects.get(declaration=current, user=acting_user)
    return acceptance
