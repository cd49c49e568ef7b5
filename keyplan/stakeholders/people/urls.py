"""The people pages (namespace "people"), with a contact's personal-data actions."""

from django.urls import path

from ..privacy import views as privacy_views
from . import views

app_name = "people"

urlpatterns = [
    path("people/<int:account_pk>/", views.account_people, name="account"),
    path("people/<int:account_pk>/export.<str:fmt>", views.people_export, name="export"),
    path("people/<int:account_pk>/org-chart/", views.org_chart, name="org-chart"),
    path("people/<int:account_pk>/grid/", views.grid, name="grid"),
    path("people/<int:account_pk>/buying-centre/", views.buying_centre, name="buying-centre"),
    path(
        "people/contacts/<int:pk>/personal-data/",
        privacy_views.contact_export,
        name="contact-export",
    ),
    path("people/contacts/<int:pk>/erase/", privacy_views.contact_erase, name="contact-erase"),
]
