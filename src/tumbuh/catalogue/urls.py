from django.urls import path

from tumbuh.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("", views.index, name="index"),
    path("add/", views.add, name="add"),
    path("<slug:code>/", views.entry, name="entry"),
]
