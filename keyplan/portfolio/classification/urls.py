"""The classification and snapshot pages (namespace "portfolio", mounted by
keyplan/portfolio/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("classes/", views.classes, name="classes"),
    path("snapshots/", views.snapshot_list, name="snapshots"),
    path("snapshots/compare/", views.snapshot_compare, name="snapshot-compare"),
    path("snapshots/<int:pk>/", views.snapshot_detail, name="snapshot"),
]
