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
