"""Cash pages (namespace "economics", mounted at /economics/ by keyplan/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("cash/", views.cash_list, name="cash"),
    path("cash/export.csv", views.cash_export, {"fmt": "csv"}, name="cash-export-csv"),
    path("cash/export.xlsx", views.cash_export, {"fmt": "xlsx"}, name="cash-export-xlsx"),
    path("accounts/<int:pk>/cash/", views.account_cash, name="account-cash"),
]
