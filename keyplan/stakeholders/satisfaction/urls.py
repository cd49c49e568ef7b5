"""Satisfaction pages (namespace "satisfaction", mounted at /satisfaction/): an account's
answers, adding, changing and deleting one."""

from django.urls import path

from . import views

app_name = "satisfaction"
urlpatterns = [
    path("accounts/<int:pk>/", views.account_satisfaction, name="account"),
    path("accounts/<int:pk>/new/", views.answer_create, name="answer-create"),
    path("answers/<int:pk>/edit/", views.answer_edit, name="answer-edit"),
    path("answers/<int:pk>/delete/", views.answer_delete, name="answer-delete"),
]
