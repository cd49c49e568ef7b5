"""The economics settings page (namespace "economics", mounted at /economics/ by
keyplan/economics/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("settings/", views.economics_settings, name="settings"),
    path("settings/weights/", views.health_weights, name="settings-weights"),
    path("settings/hourly-costs/", views.hourly_cost_add, name="hourly-cost-add"),
    path("settings/hourly-costs/<int:pk>/", views.hourly_cost_edit, name="hourly-cost-edit"),
    path(
        "settings/hourly-costs/<int:pk>/delete/",
        views.hourly_cost_delete,
        name="hourly-cost-delete",
    ),
]
