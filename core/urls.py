from django.urls import path

from access_control import views as access_control_views
from core import audit_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("health/", views.health, name="health"),
    path("audit/access/", audit_views.access_log_view, name="access_log"),
    path("declaration/", access_control_views.declaration_view, name="declaration"),
]
