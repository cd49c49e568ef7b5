"""Scoring pages under /portfolio/: score sheet, criteria, suggestions, norms and the
account page's portfolio panel forms (namespace "scoring")."""

from django.urls import path

from . import views_account
from . import views_scores as views

app_name = "scoring"

urlpatterns = [
    path("scores/", views.score_sheet, name="scores"),
    path("scores/recompute/", views.recompute, name="scores-recompute"),
    path(
        "scores/<int:account_pk>/<int:criterion_pk>/",
        views.score_cell,
        name="score-cell",
    ),
    path("criteria/", views.criteria, name="criteria"),
    path("suggestions/", views.suggestion_list, name="suggestions"),
    path("suggestions/generate/", views.suggestion_generate, name="suggestions-generate"),
    path("suggestions/<int:pk>/decide/", views.suggestion_decide, name="suggestion-decide"),
    path("norms/", views.norms_page, name="norms"),
    path("accounts/<int:pk>/wallet/", views_account.wallet_edit, name="wallet"),
    path("accounts/<int:pk>/sam-fitness/", views_account.sam_fitness_edit, name="sam-fitness"),
]
