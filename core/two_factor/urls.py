from django.urls import path

from core.two_factor import views

urlpatterns = [
    path("two-factor/", views.two_factor_setup_view, name="two_factor_setup"),
    path("two-factor/verify/", views.two_factor_verify_view, name="two_factor_verify"),
    path("confirm-it-is-you/", views.reauthenticate_view, name="reauthenticate"),
]
