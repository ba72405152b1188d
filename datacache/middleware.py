"""Read the data version at most once per request (datacache)."""

from datacache import _request


class DataVersionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set({})
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
