"""Sections that apps built on initiatives add to its pages: follow-up on the initiative page, overdue goals on the
steering group's page and agenda, a figure column in the initiative list. Those apps import initiatives and
register here; initiatives never imports them, so the dependency points one way."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Value, When


@dataclass(frozen=True)
class Section:
    """A template to include on a page, with its own context (the template reads it as `data`)."""

    template: str
    context: dict = field(default_factory=dict)


_providers: dict[str, list[Callable[..., Section | None]]] = {}


def register(page: str, provider: Callable[..., Section | None]) -> None:
    """Add a section to a page ("detail", "steering" or "agenda"); the provider returns None to add nothing."""
    providers = _providers.setdefault(page, [])
    if provider not in providers:
        providers.append(provider)


def sections_for(page: str, request, **objects) -> list[Section]:
    return [section for provider in _providers.get(page, []) if (section := provider(request, **objects))]


@dataclass(frozen=True)
class ListFigure:
    """A share in percent that an app built on initiatives computes for each initiative (follow-up completeness),
    shown as a column of the initiative list, which sorts and filters on it like on its own fields.

    `shares(initiative_ids)` gives the value of those initiatives (of every initiative for None) as initiative
    id → percent (None or absent for none), in a constant number of queries. A list sorted or filtered on the
    figure turns every value into an annotation, so sorting, filtering and paging stay in the database query;
    otherwise only the rows of the page shown are computed, so the list costs the same at any size."""

    name: str  # the annotation's name and the filter's parameter stem
    sort_key: str  # the value of ?sort= (Danish, like the list's other sort keys)
    label: str
    shares: Callable[[Iterable[int] | None], dict[int, int | None]]
    below: tuple[int, ...] = (25, 50, 75, 100)  # the "under N %" filter's choices


_list_figures: list[ListFigure] = []


def register_list_figure(figure: ListFigure) -> None:
    if all(known.name != figure.name for known in _list_figures):
        _list_figures.append(figure)


def list_figures() -> list[ListFigure]:
    return list(_list_figures)


def with_list_figures(queryset):
    """The list's queryset (of initiative versions) annotated with each registered figure, by initiative."""
    for figure in _list_figures:
        by_share: dict[int, list[int]] = {}
        for initiative_id, share in figure.shares(None).items():
            if share is not None:
                by_share.setdefault(share, []).append(initiative_id)
        value = Case(
            *[When(initiative_id__in=ids, then=Value(share)) for share, ids in sorted(by_share.items())],
            default=None,
            output_field=IntegerField(),
        )
        queryset = queryset.annotate(**{figure.name: value})
    return queryset


def figures_asked(params) -> bool:
    """Whether the list's query string sorts or filters on a figure (and so needs every initiative's value)."""
    return any(
        params.get(f"{figure.name}_below") or any(figure.sort_key in value for value in params.getlist("sort"))
        for figure in _list_figures
    )


def attach_figures(versions) -> None:
    """Give each version of a page its figures' values (`version.figures`, in the order of `list_figures()`):
    from the annotation where the list has it, otherwise computed for these rows only."""
    versions = list(versions)
    for figure in _list_figures:
        if versions and not hasattr(versions[0], figure.name):
            shares = figure.shares([version.initiative_id for version in versions])
            for version in versions:
                setattr(version, figure.name, shares.get(version.initiative_id))
    for version in versions:
        version.figures = [getattr(version, figure.name) for figure in _list_figures]
