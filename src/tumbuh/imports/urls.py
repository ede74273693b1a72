from django.urls import path

from tumbuh.imports import linkage_views, setup_views, views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("template.xlsx", views.template, name="template"),
    path("template-facilities.xlsx", views.facilities_template, name="facilities_template"),
    path("template-teams.xlsx", views.teams_template, name="teams_template"),
    path("template-users.xlsx", setup_views.users_template, name="users_template"),
    path("setup/", setup_views.setup, name="setup"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("jobs/<int:pk>/report", views.rejection_report, name="report"),
    path("duplicates/", linkage_views.review, name="review"),
]
