"""The drill-down's page (namespace "portfolio", mounted by keyplan/portfolio/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("accounts/<int:pk>/sales/", views.account_sales, name="account-sales"),
]
