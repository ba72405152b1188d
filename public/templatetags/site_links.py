"""Links every page carries, including the error pages that render without a request."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def accessibility_statement_url() -> str:
    """The accessibility statement's address (published through the Danish agency's WAS tool)."""
    return settings.ACCESSIBILITY_STATEMENT_URL
