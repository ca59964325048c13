from auditlog.registry import auditlog

from records import models as m

for model in (
    m.Person,
    m.PersonIdentifier,
    m.InformationAsset,
    m.RecordSubject,
    m.RecordCopy,
    m.SubjectEvent,
    m.DossierMember,
    m.EntryAttachment,
    m.DossierStatusChange,
):
    auditlog.register(model)
auditlog.register(m.Record)
auditlog.register(m.Dossier)
auditlog.register(m.DossierEntry, m2m_fields={"concerns"})

# Subject-request effects (R-DSR-3..10, GDPR arts. 18, 19).
for model in (
    m.PersonRestriction,
    m.SubjectDataRemoval,
    m.DataCorrection,
    m.RecipientNotification,
    m.RightsInformation,
    m.RepresentativeLimitation,
):
    auditlog.register(model)
