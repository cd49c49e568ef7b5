"""P&L pages (namespace "economics", mounted at /economics/)."""

from django.urls import path

from . import views
from .group import views as group_views

urlpatterns = [
    path("pnl/", views.pnl_list, name="pnl"),
    path("pnl/export.csv", views.pnl_export, {"fmt": "csv"}, name="pnl-export-csv"),
    path("pnl/export.xlsx", views.pnl_export, {"fmt": "xlsx"}, name="pnl-export-xlsx"),
    path("whale/", views.whale, name="whale"),
    path("accounts/<int:pk>/pnl/", views.account_pnl_page, name="account-pnl"),
    path("accounts/<int:pk>/group-pnl/", group_views.group_pnl_page, name="account-group-pnl"),
]
