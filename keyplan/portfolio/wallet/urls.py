"""The account panel's forms (namespace "scoring", mounted by
keyplan/portfolio/scoring/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("accounts/<int:pk>/wallet/", views.wallet_edit, name="wallet"),
    path("accounts/<int:pk>/sam-fitness/", views.sam_fitness_edit, name="sam-fitness"),
]
