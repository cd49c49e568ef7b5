"""kpis pages (namespace "economics", mounted at /economics/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("kpis/", views.kpis, name="kpis"),
    path("kpis/export.<str:fmt>", views.kpis_export, name="kpis-export"),
    path("kpis/accounts/export.<str:fmt>", views.kpi_accounts_export, name="kpi-accounts-export"),
    path("kpis/targets/", views.kpi_target_set, name="kpi-target-set"),
    path("kpis/targets/clear/", views.kpi_target_clear, name="kpi-target-clear"),
]
