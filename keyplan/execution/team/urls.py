"""Pages of the account team and the execution settings (mounted under /execution/)."""

from django.urls import path

from . import views

app_name = "team"

urlpatterns = [
    path("team/gaps/", views.gaps, name="gaps"),
    path("team/account/<int:pk>/", views.account_team, name="account"),
    path("team/account/<int:pk>/add/", views.member_add, name="member-add"),
    path("team/members/<int:pk>/edit/", views.member_edit, name="member-edit"),
    path("team/members/<int:pk>/remove/", views.member_remove, name="member-remove"),
    path("settings/", views.execution_settings, name="settings"),
]
