from django.urls import path

from . import views, workspace

app_name = "accounts"

urlpatterns = [
    path("", views.account_list, name="list"),
    path("export.<str:fmt>", views.account_export, name="export"),
    path("new/", views.account_create, name="create"),
    path("<int:pk>/", workspace.account_tab, name="detail"),  # the overview tab
    *(
        path(f"<int:pk>/{tab}/", workspace.account_tab, {"tab": tab}, name=f"detail-{tab}")
        for tab in workspace.TAB_KEYS[1:]
    ),
    path("<int:pk>/edit/", views.account_edit, name="edit"),
    path("<int:pk>/delete/", views.account_delete, name="delete"),  # archives
    path("<int:pk>/restore/", views.account_restore, name="restore"),
    path("<int:pk>/purge/", views.account_purge, name="purge"),
    path("<int:pk>/team/add/", views.team_add, name="team-add"),
    path("<int:pk>/team/<int:member_pk>/remove/", views.team_remove, name="team-remove"),
    path("<int:pk>/contacts/new/", views.contact_create, name="contact-create"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact-edit"),
    path("contacts/<int:pk>/delete/", views.contact_delete, name="contact-delete"),  # archives
    path("contacts/<int:pk>/restore/", views.contact_restore, name="contact-restore"),
]
