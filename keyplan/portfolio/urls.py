"""Portfolio pages under /portfolio/ (the overview itself is `portfolio` in keyplan/urls.py)."""

from django.urls import path

from . import views

app_name = "portfolio"

urlpatterns = [
    path("pareto/", views.pareto, name="pareto"),
    path("pareto/export.csv", views.pareto_csv, name="pareto-csv"),
    path("pareto/export.xlsx", views.pareto_xlsx, name="pareto-xlsx"),
    path("accounts/<int:pk>/sales/", views.account_sales, name="account-sales"),
    path("classes/", views.classes, name="classes"),
    path("snapshots/", views.snapshot_list, name="snapshots"),
    path("snapshots/compare/", views.snapshot_compare, name="snapshot-compare"),
    path("snapshots/<int:pk>/", views.snapshot_detail, name="snapshot"),
    path("settings/", views.settings_edit, name="settings"),
    path("settings/rates/", views.rate_add, name="rate-add"),
    path("settings/rates/<int:pk>/", views.rate_edit, name="rate-edit"),
    path("settings/rates/<int:pk>/delete/", views.rate_delete, name="rate-delete"),
]
