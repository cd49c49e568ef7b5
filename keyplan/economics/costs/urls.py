"""An account's service costs (namespace "economics", mounted at /economics/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("accounts/<int:pk>/costs/", views.account_costs, name="account-costs"),
    path("accounts/<int:pk>/costs/new/", views.cost_create, name="cost-create"),
    path("costs/<int:pk>/edit/", views.cost_edit, name="cost-edit"),
    path("costs/<int:pk>/delete/", views.cost_delete, name="cost-delete"),
]
