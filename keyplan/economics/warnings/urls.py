"""warnings pages (namespace "economics", mounted at /economics/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("warnings/", views.warnings_list, name="warnings"),
    path("warnings/export.<str:fmt>", views.warnings_export, name="warnings-export"),
    path("accounts/<int:pk>/warnings/", views.account_warnings_page, name="account-warnings"),
    path(
        "accounts/<int:pk>/warnings/<str:key>/snooze/",
        views.warning_snooze,
        name="warning-snooze",
    ),
    path(
        "accounts/<int:pk>/warnings/<str:key>/resolve/",
        views.warning_resolve,
        name="warning-resolve",
    ),
    path(
        "accounts/<int:pk>/warnings/<str:key>/reopen/",
        views.warning_reopen,
        name="warning-reopen",
    ),
]
