"""Pages for dossiers (namespace ``dossiers``) and the records register (``records``).

Two namespaces so templates can tell which part of the service a page belongs to
(``request.resolver_match.app_name``) and mark it in the navigation.
"""

from django.urls import include, path

from records.views import attachments, dossiers, registry

dossier_patterns = [
    path("dossiers/", dossiers.dossier_list_view, name="list"),
    path("dossiers/new/", dossiers.dossier_create_view, name="create"),
    path("dossiers/<int:pk>/", dossiers.dossier_detail_view, name="detail"),
    path("dossiers/<int:pk>/entries/new/", dossiers.entry_create_view, name="entry_create"),
    path("dossiers/<int:pk>/members/new/", dossiers.member_create_view, name="member_create"),
    path("dossiers/<int:pk>/close/", dossiers.dossier_close_view, name="close"),
    path("dossiers/<int:pk>/reopen/", dossiers.dossier_reopen_view, name="reopen"),
    path("attachments/<int:pk>/", attachments.attachment_download_view, name="attachment"),
]

record_patterns = [
    path("records/", registry.record_list_view, name="list"),
    path("records/new/", registry.record_create_view, name="create"),
    path("records/<int:pk>/", registry.record_detail_view, name="detail"),
    path("records/<int:pk>/copies/new/", registry.copy_create_view, name="copy_create"),
    path("records/<int:pk>/subjects/new/", registry.subject_create_view, name="subject_create"),
    path("records/<int:pk>/events/new/", registry.event_create_view, name="event_create"),
]

urlpatterns = [
    path("", include((dossier_patterns, "dossiers"))),
    path("", include((record_patterns, "records"))),
]
