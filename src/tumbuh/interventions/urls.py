from django.urls import path

from tumbuh.interventions import views

app_name = "interventions"
urlpatterns = [
    path("", views.scorecard, name="scorecard"),
    path("gaps/<str:office>/", views.gaps, name="gaps"),
]
