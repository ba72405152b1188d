"""Request middleware of the project."""

from django.conf import settings
from django.shortcuts import render
from django.utils import translation


class ChosenLanguageMiddleware:
    """Danish unless the user chose another language in the footer.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many municipal and police
    machines are set up in English; the interface must still be Danish by default.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class MethodNotAllowedPageMiddleware:
    """Django answers a wrong method (e.g. a PUT, or a GET on an action without its own redirect) with an empty
    405; the user gets the Danish error page instead, like every other error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content:
            return response
        page = render(request, "405.html", status=405)
        page["Allow"] = response.get("Allow", "")
        return page
