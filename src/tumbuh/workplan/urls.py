from django.urls import path

from tumbuh.workplan import target_views, views

app_name = "workplan"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.plan, name="plan"),
    path("<int:pk>/add/", views.sub_add, name="sub_add"),
    path("item/<int:pk>/", views.sub_edit, name="sub_edit"),
    path("export.xlsx", views.export, name="export"),
    path("template.xlsx", views.template, name="template"),
    path("import/", views.upload, name="upload"),
    path("coverage/", views.coverage, name="coverage"),
    path("surveys/", target_views.surveys, name="surveys"),
]
