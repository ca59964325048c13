from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core.views import LoginView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("retention/", include("retention.urls")),
    path("", include("records.urls")),
    path("", include("core.urls")),
]
