"""The suggestions pages (namespace "scoring", mounted by keyplan/portfolio/scoring/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("suggestions/", views.suggestion_list, name="suggestions"),
    path("suggestions/generate/", views.suggestion_generate, name="suggestions-generate"),
    path("suggestions/<int:pk>/decide/", views.suggestion_decide, name="suggestion-decide"),
]
