"""Sections that apps built on initiatives add to its pages: follow-up on the initiative page, overdue goals on the
steering group's page and agenda. Those apps import initiatives and register here; initiatives never imports them,
so the dependency points one way."""

from collections.abc import Callable
from dataclasses import dataclass, field


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
