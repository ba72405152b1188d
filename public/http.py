"""How every public page is served: no login, read-only, the same answer for everyone, kept until the data changes.

A public answer depends on nothing but its address and the data, so it is built once per address and data version
(datacache) and sent with `Cache-Control` and an `ETag`; a browser or proxy that asks again with the ETag gets a
304. Nothing here reads the session, the user or the CSRF token, so no cookie is set.
"""

import hashlib
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

import datacache

# Browsers and proxies may reuse an answer for five minutes; after that they ask again with the ETag.
MAX_AGE = 300
_KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Location")


def public_page(view):
    """Anyone, logged in or not: GET and HEAD only, the answer shared by all readers and cached (see the module)."""

    @login_not_required
    @require_safe
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.public_page = True  # tryg.middleware.SlidingSessionMiddleware leaves the session alone

        def build():
            answer = view(request, *args, **kwargs)
            headers = {name: answer[name] for name in _KEPT_HEADERS if answer.has_header(name)}
            return answer.status_code, headers, bytes(answer.content)

        # The day is part of the key: an embargo ends at midnight without any change to the data.
        key = (f"public {view.__name__}", request.get_full_path(), get_language(), timezone.localdate())
        status, headers, body = datacache.cached(key, build, by_address=True)
        # The login check before the view read the session; the answer does not depend on it, so no Vary: Cookie
        # (shared caches may then serve one copy to everyone).
        if hasattr(request, "session"):
            request.session.accessed = False
        response = HttpResponse(body, status=status)
        for name, value in headers.items():
            response[name] = value
        if status != 200:
            return response
        response["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        response["Cache-Control"] = f"public, max-age={MAX_AGE}"
        return get_conditional_response(request, etag=response["ETag"], response=response)

    return wrapper
