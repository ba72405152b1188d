from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from focusareas.models import FocusArea


class FocusAreaForm(forms.ModelForm):
    class Meta:
        model = FocusArea
        fields = ["name", "slug", "description", "order"]
        help_texts = {
            "slug": _("Lowercase letters, digits and hyphens, e.g. “tryghed-i-trafikken”."),
            "order": _("Focus areas are listed by this number, lowest first."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))
