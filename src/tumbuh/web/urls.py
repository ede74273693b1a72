from django.urls import include, path

from tumbuh.accounts.admin_site import site as admin_site
from tumbuh.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("tumbuh.accounts.urls")),
    path("people/", include("tumbuh.registry.urls")),
    path("measurements/", include("tumbuh.measurements.urls")),
    path("dashboard/", include("tumbuh.dashboard.urls")),
    path("convergence/", include("tumbuh.interventions.urls")),
    path("teams/", include("tumbuh.teams.urls")),
    path("imports/", include("tumbuh.imports.urls")),
    path("campaigns/", include("tumbuh.campaigns.urls")),
    path("publik/", include("tumbuh.publication.urls")),
    path("workplan/", include("tumbuh.workplan.urls")),
    path("reporting/", include("tumbuh.reporting.urls")),
    path("kpm/", include("tumbuh.casework.urls")),
    path("partners/", include("tumbuh.partners.urls")),
    path("catalogue/", include("tumbuh.catalogue.urls")),
    path("offices/", include("tumbuh.offices.urls")),
    path("kemiskinan/", include("tumbuh.poverty.urls")),
    path("api/v1/", include("tumbuh.api.urls")),
    path("lapangan/", include("tumbuh.field.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin_site.urls),
]

handler500 = "tumbuh.web.views.server_error"
