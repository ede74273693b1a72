from django.urls import path

from tumbuh.publication import views

app_name = "publication"
urlpatterns = [
    path("", views.index, name="index"),
    path("data.csv", views.data_csv, name="data"),
]
