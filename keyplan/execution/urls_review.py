from django.urls import path

from . import views_review

app_name = "review"

urlpatterns = [
    path("review/account/<int:pk>/", views_review.account, name="account"),
    path("review/portfolio/", views_review.portfolio, name="portfolio"),
]
