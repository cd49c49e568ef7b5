"""The report settings page, included by keyplan/reports/urls.py (namespace "reports")."""

from django.urls import path

from . import views

urlpatterns = [path("settings/", views.report_settings, name="settings")]
