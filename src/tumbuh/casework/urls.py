from django.urls import path

from tumbuh.casework import views

app_name = "casework"
urlpatterns = [
    path("", views.families, name="families"),
    path("family/<int:pk>/", views.family, name="family"),
    path("p2k2/", views.sessions, name="sessions"),
    path("referrals/", views.referrals, name="referrals"),
    path("assign/", views.assign, name="assign"),
]
