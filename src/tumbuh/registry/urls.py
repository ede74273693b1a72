from django.urls import path

from tumbuh.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.people, name="people"),
    path("posyandu/<int:posyandu_id>/add-child/", views.child_add, name="child_add"),
    path("<int:person_id>/sasaran/", views.sasaran_add, name="sasaran_add"),
    path("posyandu/<int:posyandu_id>/duplicates/", views.duplicates, name="duplicates"),
]
