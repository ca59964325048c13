from auditlog.registry import auditlog

from governance import models as m

for model in (
    m.SafeguardingDesignation,
    m.ConcernEntry,
    m.ConfiscatedDevice,
    m.CustodyEvent,
    m.Policy,
    m.PolicyVersion,
    m.PolicyAcknowledgement,
    m.Breach,
    m.Processor,
    m.ProcessingAgreement,
):
    auditlog.register(model)
auditlog.register(m.Concern, m2m_fields={"pupils"})
auditlog.register(m.ProcessingActivity, m2m_fields={"processors"})
