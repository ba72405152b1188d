"""Request middleware of the project."""

import time

from django.shortcuts import render

# The idle timeout: a session lives SESSION_COOKIE_AGE (8 hours) from its last save. Saving it on every request
# (SESSION_SAVE_EVERY_REQUEST) would cost a database write per page; saving it when it was last refreshed more
# than a minute ago keeps the 8 hours to the minute at a fraction of the writes.
SESSION_REFRESHED = "refreshed_at"
REFRESH_AFTER_SECONDS = 60


def stamp_session(sender, request, user, **kwargs) -> None:
    """A login saves the session anyway: stamp it then (connected in TrygConfig.ready)."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_REFRESHED] = int(time.time())


class SlidingSessionMiddleware:
    """Extend a logged-in session's life on activity, so it ends after 8 hours without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "public_page", False):
            return response  # a public page neither reads nor refreshes the session: it sets no cookie
        session = getattr(request, "session", None)
        if session is not None and getattr(request, "user", None) is not None and request.user.is_authenticated:
            now = int(time.time())
            if now - session.get(SESSION_REFRESHED, 0) > REFRESH_AFTER_SECONDS:
                session[SESSION_REFRESHED] = now  # marks the session modified: SessionMiddleware saves it
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
