from auditlog.registry import auditlog

from access_control.models import (
    BreakGlassAccess,
    ConfidentialityDeclaration,
    DeclarationAcceptance,
    MatrixRule,
    Organisation,
    Unit,
    User,
)

auditlog.register(Organisation)
auditlog.register(Unit)
auditlog.register(User, exclude_fields=["password", "last_login"], m2m_fields={"units"})
auditlog.register(ConfidentialityDeclaration)
auditlog.register(DeclarationAcceptance)
auditlog.register(MatrixRule)
auditlog.register(BreakGlassAccess)
