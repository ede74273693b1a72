from django.urls import path

from tumbuh.teams import views

app_name = "teams"
urlpatterns = [
    path("", views.teams, name="teams"),
    path("tpk/", views.tpk_families, name="tpk_families"),
    path("tpk/family/<int:pk>/", views.tpk_family, name="tpk_family"),
]
