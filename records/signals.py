"""Signals records sends for other apps to follow its changes of personal data.

``personal_data_corrected``: a fact was corrected (R-DSR-3). Sent inside the correction's
transaction with ``objects`` (the corrected rows' audit keys: content type id, pk) and
``fields`` (the names of the corrected fields). Copies of the old text elsewhere — e.g. the
redaction proposals of subject requests — follow the correction, so the old value lives on
in the audit log only.
"""

from django.dispatch import Signal

personal_data_corrected = Signal()
