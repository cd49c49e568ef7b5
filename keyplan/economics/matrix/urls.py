"""matrix pages (namespace "economics", mounted at /economics/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("matrix/", views.matrix_page, name="matrix"),
    path("matrix/export.csv", views.matrix_export, name="matrix-export-csv"),
]
