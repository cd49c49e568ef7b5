"""Portfolio pages under /portfolio/ (the overview itself is `portfolio` in keyplan/urls.py)."""

from django.urls import path

from . import views, views_classes, views_settings

app_name = "portfolio"

urlpatterns = [
    path("pareto/", views.pareto, name="pareto"),
    path("pareto/export.csv", views.pareto_csv, name="pareto-csv"),
    path("pareto/export.xlsx", views.pareto_xlsx, name="pareto-xlsx"),
    path("accounts/<int:pk>/sales/", views.account_sales, name="account-sales"),
    path("classes/", views_classes.classes, name="classes"),
    path("snapshots/", views_classes.snapshot_list, name="snapshots"),
    path("snapshots/compare/", views_classes.snapshot_compare, name="snapshot-compare"),
    path("snapshots/<int:pk>/", views_classes.snapshot_detail, name="snapshot"),
    path("settings/", views_settings.settings_edit, name="settings"),
    path("settings/rates/", views_settings.rate_add, name="rate-add"),
    path("settings/rates/<int:pk>/", views_settings.rate_edit, name="rate-edit"),
    path("settings/rates/<int:pk>/delete/", views_settings.rate_delete, name="rate-delete"),
]
