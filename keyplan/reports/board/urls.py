"""The board pack pages, included by keyplan/reports/urls.py (namespace "reports")."""

from django.urls import path

from . import views

urlpatterns = [
    path("board/", views.board_packs, name="board"),
    path("board/<int:pk>/status/", views.board_pack_status, name="board-status"),
    path("board/<int:pk>/file/", views.board_pack_download, name="board-file"),
]
