"""Selling-time allocation and hunters/farmers pages under /selling/."""

from django.urls import path

from . import views_selling

app_name = "selling"

urlpatterns = [
    path("allocation/", views_selling.allocation_page, name="allocation"),
    path("profiles/", views_selling.profiles_page, name="profiles"),
    path("profiles/derive/", views_selling.profiles_derive, name="profiles-derive"),
    path(
        "profiles/<int:user_pk>/override/",
        views_selling.profile_override,
        name="profile-override",
    ),
]
