from django.urls import path

from tumbuh.measurements import views, worklist_views

app_name = "measurements"
urlpatterns = [
    path("posyandu/<int:posyandu_id>/", views.session, name="session"),
    path("child/<int:child_id>/", views.child_page, name="child"),
    path("child/<int:child_id>/measure/", views.measure, name="measure"),
    path("<int:measurement_id>/", views.result, name="result"),
    path("worklists/", worklist_views.worklists, name="worklists"),
]
