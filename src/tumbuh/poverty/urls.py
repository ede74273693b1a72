from django.urls import path

from tumbuh.poverty import views

app_name = "poverty"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("program/<slug:code>/", views.errors, name="errors"),
    path("keluarga/<int:pk>/", views.household, name="household"),
]
