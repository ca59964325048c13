"""Pages of the records unit (namespace ``retention``), mounted under /retention/."""

from django.urls import path

from retention.views import batches, copy_tasks, extensions, holds, overview, reviews, schedules

app_name = "retention"

urlpatterns = [
    path("", overview.overview_view, name="overview"),
    path("reviews/", reviews.review_list_view, name="review_list"),
    path("reviews/<int:pk>/", reviews.review_detail_view, name="review_detail"),
    path("batches/", batches.batch_list_view, name="batch_list"),
    path("batches/build/", batches.batch_build_view, name="batch_build"),
    path("batches/<int:pk>/", batches.batch_detail_view, name="batch_detail"),
    path("batches/<int:pk>/progress/", batches.batch_progress_view, name="batch_progress"),
    path("batches/<int:pk>/approve/", batches.batch_approve_view, name="batch_approve"),
    path("batches/<int:pk>/execute/", batches.batch_execute_view, name="batch_execute"),
    path("batches/<int:pk>/cancel/", batches.batch_cancel_view, name="batch_cancel"),
    path(
        "batches/<int:pk>/items/<int:item_pk>/remove/",
        batches.batch_item_remove_view,
        name="batch_item_remove",
    ),
    path("certificates/<int:pk>/pdf/", batches.certificate_pdf_view, name="certificate_pdf"),
    path("holds/", holds.hold_list_view, name="hold_list"),
    path("holds/new/", holds.hold_create_view, name="hold_create"),
    path("holds/<int:pk>/", holds.hold_detail_view, name="hold_detail"),
    path("holds/<int:pk>/release/", holds.hold_release_view, name="hold_release"),
    path("copy-tasks/", copy_tasks.copy_task_list_view, name="copy_task_list"),
    path("copy-tasks/<int:pk>/", copy_tasks.copy_task_detail_view, name="copy_task_detail"),
    path("schedules/", schedules.schedule_list_view, name="schedule_list"),
    path("schedules/<int:pk>/", schedules.schedule_detail_view, name="schedule_detail"),
    path("schedules/<int:pk>/revise/", schedules.schedule_revise_view, name="schedule_revise"),
    path("extend/<str:kind>/<int:pk>/", extensions.extend_view, name="extend"),
]
