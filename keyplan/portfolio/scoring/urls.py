"""Scoring pages under /portfolio/ (namespace "scoring"): the score sheet, and the pages of
the features that grew out of it and keep its URL names: the criteria, the suggestions,
the norms and the account page's portfolio panel forms."""

from django.urls import URLPattern, path

from ..criteria import urls as criteria
from ..norms import urls as norms
from ..suggestions import urls as suggestions
from ..wallet import urls as wallet
from . import views

app_name = "scoring"

urlpatterns: list[URLPattern] = [
    path("scores/", views.score_sheet, name="scores"),
    path("scores/export.<str:fmt>", views.score_export, name="scores-export"),
    path("scores/recompute/", views.recompute, name="scores-recompute"),
    path(
        "scores/<int:account_pk>/<int:criterion_pk>/",
        views.score_cell,
        name="score-cell",
    ),
    *criteria.urlpatterns,
    *suggestions.urlpatterns,
    *norms.urlpatterns,
    *wallet.urlpatterns,
]
