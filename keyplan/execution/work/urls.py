"""My work and my notifications (mounted under /execution/)."""

from django.urls import path

from . import views

app_name = "work"

urlpatterns = [
    path("my-work/", views.home, name="home"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/badge/", views.notifications_badge, name="notifications-badge"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification-open"),
]
