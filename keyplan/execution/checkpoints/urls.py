"""Pages of the alignment checkpoints (mounted under /execution/)."""

from django.urls import path

from . import views

app_name = "checkpoints"

urlpatterns = [
    path("alignment/", views.portfolio, name="portfolio"),
    path("alignment/account/<int:pk>/", views.account_alignment, name="account"),
    path("alignment/account/<int:pk>/open/", views.checkpoint_open, name="open"),
    path("alignment/checkpoints/<int:pk>/", views.checkpoint_detail, name="detail"),
    path("alignment/checkpoints/<int:pk>/answer/", views.answers_submit, name="answer"),
]
