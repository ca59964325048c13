"""Access-control pages (namespace ``access``): the authorisation matrix, break-glass and
its review, dossier summaries, resetting a lost authenticator app."""

from django.urls import path

from access_control import break_glass_views, matrix_views, summary_views, two_factor_views

app_name = "access"

urlpatterns = [
    path("matrix/", matrix_views.matrix_view, name="matrix"),
    path("matrix/edit/", matrix_views.matrix_edit_view, name="matrix_edit"),
    path("matrix.pdf", matrix_views.matrix_pdf_view, name="matrix_pdf"),
    path("break-glass/", break_glass_views.break_glass_list_view, name="break_glass_list"),
    path(
        "break-glass/<int:pk>/review/", break_glass_views.break_glass_review_view, name="break_glass_review"
    ),
    path("break-glass/<slug:kind>/<int:pk>/", break_glass_views.break_glass_view, name="break_glass"),
    path("users/two-factor/", two_factor_views.users_two_factor_view, name="users_two_factor"),
    path("users/<int:pk>/two-factor/reset/", two_factor_views.two_factor_reset_view, name="two_factor_reset"),
    path("dossiers/<int:pk>/summary/", summary_views.dossier_summary_view, name="dossier_summary"),
]
