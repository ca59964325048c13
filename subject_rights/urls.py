"""Pages for subject requests (``requests/``) and the consent register (``consents/``).

Helpers of the disclosure (views/disclosure.py) and effects (views/effects.py) pages add
their own lines below under the same prefixes.
"""

from django.urls import path

from subject_rights.views import (
    consents,
    effects,
    effects_dossier,
    objections,
    relations,
    request_detail,
    requests,
)
from subject_rights.views import disclosure as disclosure_views

app_name = "subject_rights"

urlpatterns = [
    path("requests/", requests.request_list_view, name="request_list"),
    path("requests/new/", requests.request_create_view, name="request_create"),
    path("requests/new/capacity/", requests.request_capacity_view, name="request_capacity"),
    path("requests/<int:pk>/", request_detail.request_detail_view, name="request_detail"),
    path("requests/<int:pk>/move/", request_detail.request_transition_view, name="request_transition"),
    path("requests/<int:pk>/identity/", request_detail.request_identity_view, name="request_identity"),
    path("requests/<int:pk>/id-copy/", request_detail.request_id_document_view, name="request_id_document"),
    path(
        "requests/<int:pk>/id-copy/download/",
        request_detail.request_id_document_download_view,
        name="request_id_document_download",
    ),
    path("requests/<int:pk>/pause/", request_detail.request_pause_view, name="request_pause"),
    path("requests/<int:pk>/resume/", request_detail.request_resume_view, name="request_resume"),
    path("requests/<int:pk>/extend/", request_detail.request_extend_view, name="request_extend"),
    path(
        "requests/<int:pk>/extension-letter/",
        request_detail.request_extension_letter_view,
        name="request_extension_letter",
    ),
    path("requests/<int:pk>/decision/", request_detail.request_decision_view, name="request_decision"),
    # Disclosure: redactions, pack, letter, export (views/disclosure.py).
    path("requests/<int:pk>/disclosure/", disclosure_views.disclosure_review_view, name="disclosure_review"),
    path(
        "requests/<int:pk>/disclosure/propose/",
        disclosure_views.redactions_propose_view,
        name="disclosure_propose",
    ),
    path(
        "requests/<int:pk>/disclosure/redactions/new/",
        disclosure_views.redaction_add_view,
        name="disclosure_redaction_add",
    ),
    path(
        "requests/<int:pk>/disclosure/redactions/<int:redaction_pk>/",
        disclosure_views.redaction_review_view,
        name="disclosure_redaction_review",
    ),
    path(
        "requests/<int:pk>/disclosure/redactions/<int:redaction_pk>/remove/",
        disclosure_views.redaction_remove_view,
        name="disclosure_redaction_remove",
    ),
    path(
        "requests/<int:pk>/disclosure/documents/",
        disclosure_views.disclosure_documents_view,
        name="disclosure_documents",
    ),
    path(
        "requests/<int:pk>/disclosure/pack/",
        disclosure_views.disclosure_pack_build_view,
        name="disclosure_pack",
    ),
    path(
        "requests/<int:pk>/disclosure/letter/",
        disclosure_views.response_letter_view,
        name="disclosure_letter",
    ),
    path(
        "requests/<int:pk>/disclosure/export/",
        disclosure_views.portability_export_view,
        name="disclosure_export",
    ),
    path(
        "requests/<int:pk>/disclosure/documents/<int:output_pk>/progress/",
        disclosure_views.disclosure_output_progress_view,
        name="disclosure_output_progress",
    ),
    path(
        "requests/<int:pk>/disclosure/documents/<int:output_pk>/download/",
        disclosure_views.disclosure_output_download_view,
        name="disclosure_output_download",
    ),
    # Effects of decided requests (views/effects.py, views/effects_dossier.py).
    path("requests/<int:pk>/effects/rectify/", effects.rectify_view, name="effects_rectify"),
    path(
        "requests/<int:pk>/effects/rectify/entries/<int:entry_pk>/",
        effects.rectify_entry_view,
        name="effects_rectify_entry",
    ),
    path(
        "requests/<int:pk>/effects/own-statement/", effects.own_statement_view, name="effects_own_statement"
    ),
    path("requests/<int:pk>/effects/destroy/", effects.destroy_view, name="effects_destroy"),
    path("requests/<int:pk>/effects/restrict/", effects.restrict_view, name="effects_restrict"),
    path(
        "requests/<int:pk>/effects/restrictions/<int:restriction_pk>/lift/",
        effects.restriction_lift_view,
        name="effects_restriction_lift",
    ),
    path("requests/<int:pk>/effects/recipients/", effects.recipients_view, name="effects_recipients"),
    path(
        "requests/<int:pk>/effects/notifications/<int:notification_pk>/sent/",
        effects.notification_sent_view,
        name="effects_notification_sent",
    ),
    path(
        "requests/<int:pk>/effects/notifications/<int:notification_pk>/letter/",
        effects.notification_letter_view,
        name="effects_notification_letter",
    ),
    # Objections: the weighing and the objector's view (views/objections.py, R-CON-7).
    path("requests/<int:pk>/objection/weigh/", objections.objection_weigh_view, name="objection_weigh"),
    path("requests/<int:pk>/objection/view/", objections.objection_view_view, name="objection_view"),
    path("dossiers/<int:pk>/rights/", effects_dossier.rights_information_view, name="effects_rights"),
    path("rights-letters/<int:pk>/", effects_dossier.rights_letter_view, name="effects_rights_letter"),
    path(
        "dossiers/<int:pk>/representatives/limit/",
        effects_dossier.representative_limit_view,
        name="effects_representative_limit",
    ),
    path(
        "representative-letters/<int:pk>/",
        effects_dossier.representative_letter_view,
        name="effects_representative_letter",
    ),
    path("consents/", consents.consent_index_view, name="consent_index"),
    path("consents/check/", consents.consent_check_view, name="consent_check"),
    path("consents/people/<int:person_pk>/", consents.consent_register_view, name="consent_register"),
    path("consents/people/<int:person_pk>/new/", consents.consent_create_view, name="consent_create"),
    path(
        "consents/people/<int:person_pk>/signatories/",
        consents.consent_signatories_view,
        name="consent_signatories",
    ),
    path(
        "consents/people/<int:person_pk>/relations/new/",
        relations.relation_create_view,
        name="relation_create",
    ),
    path("consents/relations/<int:pk>/end/", relations.relation_end_view, name="relation_end"),
    path("consents/<int:pk>/withdraw/", consents.consent_withdraw_view, name="consent_withdraw"),
    path("consents/<int:pk>/document/", consents.consent_document_view, name="consent_document"),
]
