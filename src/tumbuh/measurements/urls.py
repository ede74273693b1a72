from django.urls import path

from tumbuh.measurements import views, worklist_exports, worklist_views

app_name = "measurements"
urlpatterns = [
    path("posyandu/<int:posyandu_id>/", views.session, name="session"),
    path("child/<int:child_id>/", views.child_page, name="child"),
    path("child/<int:child_id>/measure/", views.measure, name="measure"),
    path("<int:measurement_id>/", views.result, name="result"),
    path("<int:measurement_id>/correct/", views.correct, name="correct"),
    path("worklists/export.csv", worklist_exports.worklists_export, name="worklists_export"),
    path(
        "worklists/export.xlsx",
        worklist_exports.worklists_export_xlsx,
        name="worklists_export_xlsx",
    ),
    path("worklists/", worklist_views.worklists, name="worklists"),
]
