from django.urls import path

from tumbuh.teams import decree_views, views

app_name = "teams"
urlpatterns = [
    path("", views.teams, name="teams"),
    path("coverage/", views.coverage, name="coverage"),
    path("desa/", views.village, name="village"),
    path("assign/", views.assign, name="assign"),
    path("<int:pk>/", views.team, name="team"),
    path("new/", decree_views.team_new, name="team_new"),
    path("positions/", decree_views.positions, name="positions"),
    path("<int:pk>/edit/", decree_views.team_edit, name="team_edit"),
    path("<int:pk>/decree/", decree_views.team_decree, name="team_decree"),
    path("<int:pk>/members/new/", decree_views.member_new, name="member_new"),
    path("members/<int:pk>/remove/", decree_views.member_delete, name="member_delete"),
    path("family/<int:pk>/reassign/", views.reassign, name="reassign"),
    path("tpk/", views.tpk_families, name="tpk_families"),
    path("tpk/family/<int:pk>/", views.tpk_family, name="tpk_family"),
]
