"""Selling-time allocation and hunters/farmers pages under /selling/."""

from django.urls import path

from . import views

app_name = "selling"

urlpatterns = [
    path("allocation/", views.allocation_page, name="allocation"),
    path("profiles/", views.profiles_page, name="profiles"),
    path("profiles/derive/", views.profiles_derive, name="profiles-derive"),
    path(
        "profiles/<int:user_pk>/override/",
        views.profile_override,
        name="profile-override",
    ),
]
