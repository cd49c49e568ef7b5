"""Health pages (namespace "economics", mounted at /economics/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("health/", views.health_list, name="health"),
    path("accounts/<int:pk>/health/", views.account_health_page, name="account-health"),
]
