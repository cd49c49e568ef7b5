"""A URL configuration for the portal API tests: the project's URLs plus the portal
router mounted on an API of its own (keyplan/api/api.py mounts the real one)."""

from django.core.exceptions import ValidationError
from django.urls import path
from ninja import NinjaAPI

from keyplan.portal.api import build_router
from keyplan.urls import urlpatterns as project_urls

test_api = NinjaAPI(urls_namespace="portal-test-api", docs_url=None)


@test_api.exception_handler(ValidationError)
def _invalid(request, exc):  # as keyplan.api.api answers a service's ValidationError
    return test_api.create_response(request, {"detail": "Invalid input."}, status=422)


test_api.add_router("/portal/", build_router())

urlpatterns = [path("api/test/", test_api.urls), *project_urls]
