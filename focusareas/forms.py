from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from focusareas.models import FocusArea

# Danish letters spelled out, so "Tryghed på Åen" gets the address "tryghed-paa-aaen", not "tryghed-p-en".
_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def address_name(name: str, taken) -> str:
    """The focus area's name in its web address, made from its name and unique among `taken`."""
    base = slugify(name.translate(_DANISH_LETTERS))[:110] or "fokusomraade"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


class FocusAreaForm(forms.ModelForm):
    """Name, description and order; the web address is made from the name when the area is created and then
    kept, so links to it go on working when it is renamed."""

    class Meta:
        model = FocusArea
        fields = ["name", "description", "order"]
        help_texts = {
            "order": _("Focus areas are listed by this number, lowest first."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))

    def save(self, commit=True):
        area = super().save(commit=False)
        if not area.slug:
            area.slug = address_name(area.name, set(FocusArea.objects.values_list("slug", flat=True)))
        if commit:
            area.save()
        return area
