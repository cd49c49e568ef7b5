from django.urls import path

from . import views

app_name = "interactions"

urlpatterns = [
    path("account/<int:account_pk>/", views.account_timeline, name="account"),
    path("account/<int:account_pk>/export.<str:fmt>", views.timeline_export, name="export"),
    path("account/<int:account_pk>/new/", views.interaction_create, name="create"),
    path("<int:pk>/edit/", views.interaction_edit, name="edit"),
    path("<int:pk>/delete/", views.interaction_delete, name="delete"),
    path("account/<int:account_pk>/time/", views.time_list, name="time"),
    path("account/<int:account_pk>/time/new/", views.time_create, name="time-create"),
    path("time/<int:pk>/edit/", views.time_edit, name="time-edit"),
    path("time/<int:pk>/delete/", views.time_delete, name="time-delete"),
]
