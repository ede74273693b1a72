from django.urls import path

from tumbuh.interventions import planning_views, report_views, views

app_name = "interventions"
urlpatterns = [
    path("", views.scorecard, name="scorecard"),
    path("gaps/<str:office>/", views.gaps, name="gaps"),
    path("gaps/<str:office>/list/", views.gap_page, name="gap_page"),
    path("lokus/", planning_views.lokus, name="lokus"),
    path("lokus/<int:pk>/", planning_views.lokus_list, name="lokus_list"),
    path("targets/", planning_views.targets, name="targets"),
    path("reports/", report_views.report_request, name="report_request"),
    path("reports/<int:pk>/", report_views.report_job, name="report_job"),
    path("reports/<int:pk>/file", report_views.report_download, name="report_download"),
]
