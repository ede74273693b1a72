from django.urls import path

from tumbuh.partners import views

app_name = "partners"
urlpatterns = [path("", views.index, name="index")]
