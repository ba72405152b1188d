"""One way to cut a growing list into pages (`?side=N`), for every page that lists initiatives or decisions."""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 25


def paginate(request, rows) -> tuple[Page, str]:
    """The requested page of the rows, and the other GET parameters for the page links (templates/_pagination.html).
    A page number that is not one gives the first page, one past the end the last."""
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return page, query.urlencode()
