from django.urls import path

from tumbuh.reporting import report_views, views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("deadlines/new/", views.deadline_add, name="deadline_add"),
    path("deadlines/<int:pk>/", views.deadline_detail, name="deadline"),
    path("deadlines/<int:pk>/edit/", views.deadline_edit, name="deadline_edit"),
    path("submissions/<int:pk>/file", views.submission_file, name="submission_file"),
    path("reports/", report_views.reports, name="reports"),
    path("reports/semester", report_views.semester, name="semester"),
    path("reports/aksi", report_views.aksi, name="aksi"),
]
