"""The portfolio settings and exchange rates pages (namespace "portfolio", mounted by
keyplan/portfolio/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("settings/", views.settings_edit, name="settings"),
    path("settings/rates/", views.rate_add, name="rate-add"),
    path("settings/rates/<int:pk>/", views.rate_edit, name="rate-edit"),
    path("settings/rates/<int:pk>/delete/", views.rate_delete, name="rate-delete"),
]
