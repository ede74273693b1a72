from django.urls import path

from tumbuh.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/summary/", views.summary, name="summary"),
    path("<int:pk>/summary.pdf", views.summary_pdf, name="summary_pdf"),
]
