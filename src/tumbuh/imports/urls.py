from django.urls import path

from tumbuh.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("report.xlsx", views.rejection_report, name="report"),
]
