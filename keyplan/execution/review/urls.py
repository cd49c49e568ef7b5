"""The review pack pages (mounted under /execution/)."""

from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("review/account/<int:pk>/", views.account, name="account"),
    path("review/portfolio/", views.portfolio, name="portfolio"),
]
