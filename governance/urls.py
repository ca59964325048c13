"""Safeguarding and privacy governance (namespace ``governance``), mounted at /governance/."""

from django.urls import path

from governance.views import breaches, devices, overview, policies, register, safeguarding

app_name = "governance"

urlpatterns = [
    path("", overview.overview_view, name="overview"),
    path("dsl-team/", safeguarding.dsl_team_view, name="dsl_team"),
    path("dsl-team/<int:pk>/end/", safeguarding.dsl_designation_end_view, name="dsl_designation_end"),
    path("concerns/", safeguarding.concern_list_view, name="concern_list"),
    path("concerns/new/", safeguarding.concern_create_view, name="concern_create"),
    path("concerns/<int:pk>/", safeguarding.concern_detail_view, name="concern_detail"),
    path("concerns/<int:pk>/entries/", safeguarding.concern_entry_view, name="concern_entry"),
    path("concerns/<int:pk>/close/", safeguarding.concern_close_view, name="concern_close"),
    path("devices/", devices.device_list_view, name="device_list"),
    path("devices/new/", devices.device_create_view, name="device_create"),
    path("devices/<int:pk>/", devices.device_detail_view, name="device_detail"),
    path("devices/<int:pk>/custody/", devices.custody_record_view, name="custody_record"),
    path("policies/", policies.policy_list_view, name="policy_list"),
    path("policies/new/", policies.policy_create_view, name="policy_create"),
    path("policies/<int:pk>/", policies.policy_detail_view, name="policy_detail"),
    path("policies/<int:pk>/versions/", policies.policy_version_view, name="policy_version"),
    path(
        "policies/<int:pk>/versions/<int:version_pk>/approve/",
        policies.policy_approve_view,
        name="policy_approve",
    ),
    path("policies/<int:pk>/acknowledge/", policies.policy_acknowledge_view, name="policy_acknowledge"),
    path(
        "policies/<int:pk>/acknowledge-person/",
        policies.policy_acknowledge_person_view,
        name="policy_acknowledge_person",
    ),
    path("acknowledgements/", policies.acknowledgement_register_view, name="acknowledgements"),
    path("breaches/", breaches.breach_list_view, name="breach_list"),
    path("breaches/new/", breaches.breach_create_view, name="breach_create"),
    path("breaches/<int:pk>/", breaches.breach_detail_view, name="breach_detail"),
    path("breaches/<int:pk>/<slug:action>/", breaches.breach_action_view, name="breach_action"),
    path("register/", register.register_view, name="register"),
    path("register/processors/new/", register.processor_create_view, name="processor_create"),
    path("register/processors/<int:pk>/", register.processor_detail_view, name="processor_detail"),
    path("register/processors/<int:pk>/agreements/", register.agreement_add_view, name="agreement_add"),
    path("register/activities/new/", register.activity_create_view, name="activity_create"),
    path("register/activities/<int:pk>/", register.activity_detail_view, name="activity_detail"),
]
