"""Administrators' pages and the public pages their e-mails link to (namespace
"administration")."""

from django.urls import path

from ..audit import views as audit_views
from ..units import views as unit_views
from . import views

app_name = "administration"

urlpatterns = [
    path("administration/users/", views.user_list, name="users"),
    path("administration/users/invite/", views.user_invite, name="invite"),
    path("administration/users/<int:pk>/", views.user_detail, name="user"),
    path("administration/users/<int:pk>/deactivate/", views.user_deactivate, name="deactivate"),
    path("administration/users/<int:pk>/reactivate/", views.user_reactivate, name="reactivate"),
    path(
        "administration/users/<int:pk>/reset-password/",
        views.user_reset_password,
        name="reset-password",
    ),
    path(
        "administration/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation-revoke",
    ),
    path("administration/units/", unit_views.unit_list, name="units"),
    path("administration/units/new/", unit_views.unit_create, name="unit-create"),
    path("administration/units/<int:pk>/", unit_views.unit_edit, name="unit"),
    path("administration/audit/", audit_views.audit_list, name="audit"),
    path("welcome/<str:token>/", views.welcome, name="welcome"),
    path("password/reset/<uidb64>/<token>/", views.reset_confirm, name="reset"),
    path("password/reset/done/", views.reset_done, name="reset-done"),
]
