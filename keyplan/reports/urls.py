"""The report pages (namespace "reports", mounted at /reports/)."""

from django.urls import include, path

app_name = "reports"
urlpatterns = [
    path("", include("keyplan.reports.monthly.urls")),
    path("", include("keyplan.reports.branding.urls")),
    path("", include("keyplan.reports.board.urls")),
    path("", include("keyplan.reports.review.urls")),
]
