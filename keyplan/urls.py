from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from keyplan.api.api import api
from keyplan.core import views as core_views
from keyplan.economics.home import views as home_views
from keyplan.portal.pages import views as portal_views
from keyplan.portfolio.overview import views as portfolio_views
from keyplan.users import views as user_views

admin.site.site_header = "keyplan"
admin.site.site_title = "keyplan"

urlpatterns = [
    path("", home_views.home, name="home"),
    path("search/", include("keyplan.economics.search.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says: send them to the SVG icon.
    path("favicon.ico", RedirectView.as_view(url=static("keyplan/favicon.svg")), name="favicon"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/setlang/", set_language, name="set_language"),
    path("portfolio/", portfolio_views.overview, name="portfolio"),
    path("portfolio/", include("keyplan.portfolio.urls")),
    path("portfolio/", include("keyplan.portfolio.scoring.urls")),
    path("accounts/", include("keyplan.accounts.urls")),
    path("pipeline/", include("keyplan.sales.pipeline.urls")),
    path("economics/", include("keyplan.economics.urls")),
    path("reports/", include("keyplan.reports.urls")),
    path("portal/", include("keyplan.portal.urls")),
    path("imports/", include("keyplan.imports.jobs.urls")),
    path("plans/", include("keyplan.plans.urls")),
    path("stakeholders/", include("keyplan.stakeholders.people.urls")),
    path("stakeholders/", include("keyplan.stakeholders.relationships.urls")),
    path("interactions/", include("keyplan.stakeholders.interactions.urls")),
    path("selling/", include("keyplan.stakeholders.selling.urls")),
    path("satisfaction/", include("keyplan.stakeholders.satisfaction.urls")),
    path("competition/", include("keyplan.competition.urls")),
    path("execution/", include("keyplan.execution.team.urls")),
    path("execution/", include("keyplan.execution.checkpoints.urls")),
    path("execution/", include("keyplan.execution.resources.urls")),
    path("execution/", include("keyplan.execution.work.urls")),
    path("execution/", include("keyplan.execution.review.urls")),
    path("portal/", portal_views.home, name="portal-home"),
    path("me/tokens/", user_views.token_list, name="token-list"),
    path("me/tokens/<int:pk>/revoke/", user_views.token_revoke, name="token-revoke"),
    path("", include("keyplan.users.administration.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler403 = "keyplan.core.views.error_403"
handler404 = "keyplan.core.views.error_404"
handler500 = "keyplan.core.views.error_500"
