"""Request middleware of the project."""

from django.conf import settings
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
