"""The portal pages (namespace "portal", mounted at /portal/).

Team side (internal users, through accounts.access): /portal/accounts/<pk>/...
Customer side (portal users, through portal.access): the home page is the root URL name
"portal-home" (keyplan/urls.py); the others are below it. The invitation link is public.
"""

from django.urls import path

from .comments import views as comment_views
from .invitations import views as invitation_views
from .joint import views as joint_views
from .pages import views as page_views
from .sharing import views as sharing_views
from .survey import views as survey_views

app_name = "portal"
urlpatterns = [
    # --- the customer's pages (the home page: "portal-home" in keyplan/urls.py) ----------
    path("shared/<slug:section>/", page_views.section, name="section"),
    path(
        "items/<slug:kind>/<int:item_pk>/comments/",
        comment_views.comment_add,
        name="comment-add",
    ),
    path("joint-actions/", joint_views.joint_actions, name="joint-actions"),
    path("joint-actions/<int:pk>/confirm/", joint_views.joint_confirm, name="joint-confirm"),
    path("survey/", survey_views.survey, name="survey"),
    path("reports/<int:pk>/", page_views.report, name="report"),
    path("reports/<int:pk>/pdf/", page_views.report_pdf, name="report-pdf"),
    # --- the invitee --------------------------------------------------------------------
    path("invitation/<str:token>/", invitation_views.accept, name="accept"),
    # --- team side ----------------------------------------------------------------------
    path("accounts/<int:pk>/people/", invitation_views.people, name="people"),
    path(
        "accounts/<int:pk>/people/<int:user_pk>/deactivate/",
        invitation_views.user_deactivate,
        name="user-deactivate",
    ),
    path(
        "invitations/<int:pk>/revoke/",
        invitation_views.invitation_revoke,
        name="invitation-revoke",
    ),
    path("accounts/<int:pk>/comments/", comment_views.comments, name="comments"),
    path(
        "accounts/<int:pk>/comments/<slug:kind>/<int:item_pk>/",
        comment_views.comment_reply,
        name="comment-reply",
    ),
    path("accounts/<int:pk>/joint/", joint_views.team_joint, name="team-joint"),
    path(
        "accounts/<int:pk>/joint/<int:action_pk>/",
        joint_views.action_joint,
        name="action-joint",
    ),
    path("proposals/<int:pk>/decide/", joint_views.proposal_decide, name="proposal-decide"),
    path("accounts/<int:pk>/survey/", survey_views.team_survey, name="team-survey"),
    path("accounts/<int:pk>/sharing/", sharing_views.sharing, name="sharing"),
    path("accounts/<int:pk>/sharing/level/", sharing_views.sharing_level, name="sharing-level"),
    path(
        "accounts/<int:pk>/sharing/<slug:section>/",
        sharing_views.sharing_section,
        name="sharing-section",
    ),
]
