"""whitespace pages (namespace "economics", mounted at /economics/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("whitespace/", views.whitespace_list, name="whitespace"),
    path(
        "accounts/<int:pk>/whitespace/",
        views.account_whitespace_page,
        name="account-whitespace",
    ),
    path(
        "accounts/<int:pk>/whitespace/add/",
        views.account_whitespace_add,
        name="account-whitespace-add",
    ),
]
