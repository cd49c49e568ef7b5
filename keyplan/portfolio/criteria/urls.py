"""The criteria page (namespace "scoring", mounted by keyplan/portfolio/scoring/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("criteria/", views.criteria, name="criteria"),
]
