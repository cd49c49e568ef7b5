"""Pages of the zipper (mounted under /stakeholders/ beside the people pages)."""

from django.urls import path

from . import views

app_name = "relationships"

urlpatterns = [
    path("relationships/at-risk/", views.at_risk, name="at-risk"),
    path("relationships/settings/", views.selling_settings, name="settings"),
    path("relationships/account/<int:pk>/", views.account_relationships, name="account"),
    path("relationships/account/<int:pk>/add/", views.relationship_create, name="create"),
    path("relationships/account/<int:pk>/coverage/", views.coverage, name="coverage"),
    path("relationships/<int:pk>/edit/", views.relationship_edit, name="edit"),
    path("relationships/<int:pk>/delete/", views.relationship_delete, name="delete"),
]
