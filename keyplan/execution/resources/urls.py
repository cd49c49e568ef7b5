"""Pages of the resource board (mounted under /execution/)."""

from django.urls import path

from . import views

app_name = "resources"

urlpatterns = [
    path("resources/", views.board, name="board"),
    path("resources/export.<str:fmt>", views.board_export, name="board-export"),
    path("resources/capacity/", views.capacity, name="capacity"),
    path("resources/account/<int:pk>/new/", views.request_create, name="create"),
    path("resources/<int:pk>/", views.request_detail, name="detail"),
    path("resources/<int:pk>/edit/", views.request_edit, name="edit"),
    path("resources/<int:pk>/withdraw/", views.request_withdraw, name="withdraw"),
    path("resources/<int:pk>/decide/", views.request_decide, name="decide"),
]
