from django.urls import path

from tumbuh.teams import views

app_name = "teams"
urlpatterns = [
    path("", views.teams, name="teams"),
    path("coverage/", views.coverage, name="coverage"),
    path("assign/", views.assign, name="assign"),
    path("<int:pk>/", views.team, name="team"),
    path("family/<int:pk>/reassign/", views.reassign, name="reassign"),
    path("tpk/", views.tpk_families, name="tpk_families"),
    path("tpk/family/<int:pk>/", views.tpk_family, name="tpk_family"),
]
