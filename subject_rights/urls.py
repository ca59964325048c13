from django.urls import path  # noqa: F401

app_name = "subject_rights"

urlpatterns: list = []
