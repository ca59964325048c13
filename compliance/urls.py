"""Compliance oversight (namespace ``compliance``), mounted under /compliance/."""

from django.urls import path

from compliance.views import dashboard, report, sampling

app_name = "compliance"

urlpatterns = [
    path("", dashboard.dashboard_view, name="dashboard"),
    path("lists/<slug:slug>/", dashboard.drilldown_view, name="list"),
    path("report/", report.report_view, name="report"),
    path("samples/", sampling.sample_list_view, name="sample_list"),
    path("samples/new/", sampling.sample_draw_view, name="sample_draw"),
    path("samples/<int:pk>/", sampling.sample_detail_view, name="sample_detail"),
    path("samples/<int:pk>/items/<int:item_pk>/", sampling.sample_item_view, name="sample_item"),
    path("samples/<int:pk>/close/", sampling.sample_close_view, name="sample_close"),
]
