"""The pipeline page (mounted at /pipeline/)."""

from django.urls import path

from . import views

app_name = "pipeline"

urlpatterns = [
    path("", views.opportunity_list, name="list"),
]
