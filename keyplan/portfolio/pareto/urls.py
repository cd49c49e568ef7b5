"""The Pareto page and its exports (namespace "portfolio", mounted by
keyplan/portfolio/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("pareto/", views.pareto, name="pareto"),
    path("pareto/export.csv", views.pareto_csv, name="pareto-csv"),
    path("pareto/export.xlsx", views.pareto_xlsx, name="pareto-xlsx"),
]
