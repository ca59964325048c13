from auditlog.registry import auditlog

from compliance import models as m

# Samples and their findings are about records of people (R-REC-8): every change is kept.
for model in (m.QualitySample, m.QualitySampleItem):
    auditlog.register(model)
