from django.urls import path

from . import views_interactions as views
from . import views_time_entries as time_views

app_name = "interactions"

urlpatterns = [
    path("account/<int:account_pk>/", views.account_timeline, name="account"),
    path("account/<int:account_pk>/new/", views.interaction_create, name="create"),
    path("<int:pk>/edit/", views.interaction_edit, name="edit"),
    path("<int:pk>/delete/", views.interaction_delete, name="delete"),
    path("account/<int:account_pk>/time/", time_views.time_list, name="time"),
    path("account/<int:account_pk>/time/new/", time_views.time_create, name="time-create"),
    path("time/<int:pk>/edit/", time_views.time_edit, name="time-edit"),
    path("time/<int:pk>/delete/", time_views.time_delete, name="time-delete"),
]
