"""The norms page (namespace "scoring", mounted by keyplan/portfolio/scoring/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("norms/", views.norms_page, name="norms"),
]
