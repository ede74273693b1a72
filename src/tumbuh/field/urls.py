"""``/lapangan/``: the offline field app for kader and TPK, and the conflict review."""

from __future__ import annotations

from django.urls import path

from tumbuh.field import views

app_name = "field"
urlpatterns = [
    path("", views.app, name="app"),
    path("sw.js", views.worker, name="worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("tabel-who.json", views.tables, name="tables"),
    path("data/", views.data, name="data"),
    path("kirim/", views.send, name="send"),
    path("tinjau/", views.conflicts, name="conflicts"),
    path("tinjau/<int:pk>/", views.conflict_decision, name="conflict_decide"),
]
