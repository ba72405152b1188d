"""Actions that only a POST performs, and where a GET on their address goes instead."""

from functools import wraps

from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods


def post_only(page_of):
    """The action runs on POST only. A GET (a reload of the page a form error left, a bookmark, the back button)
    is sent to the page the action belongs to, `page_of(request, **kwargs)`, instead of a dead-end 405; other
    methods still get the Danish 405 page (tryg.middleware)."""

    def decorate(view):
        @require_http_methods(["GET", "HEAD", "POST"])
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method != "POST":
                return redirect(page_of(request, *args, **kwargs))
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
