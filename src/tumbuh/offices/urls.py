from django.urls import path

from tumbuh.offices import views

app_name = "offices"
urlpatterns = [
    path("", views.index, name="index"),
    path("template.<str:file_format>", views.delivery_template, name="delivery_template"),
    path("<str:office>/", views.dashboard, name="dashboard"),
]
