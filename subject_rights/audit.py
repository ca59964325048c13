from auditlog.registry import auditlog

from subject_rights import models as m

# The ID copy's file name is random, but its presence and deletion are part of the record
# (R-DSR-9), so it is not excluded.
for model in (
    m.DeadlinePolicy,
    m.SubjectRequest,
    m.RequestStatusChange,
    m.RequestPause,
    m.LegalRelation,
    m.Consent,
    m.ConsentSignatory,
    m.RedactionProposal,
    m.ObjectionWeighing,
):
    auditlog.register(model)

# Progress is a counter polled by the screen, not a change worth a diff.
auditlog.register(m.DisclosureOutput, exclude_fields=["progress"])
