from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.reading import MAX_FILE_BYTES
from indicators.writing import SOURCE_FOLK1A, SOURCE_INDEX, SOURCE_STRAF11


class UploadForm(forms.Form):
    """The index file to preview before importing it."""

    source = forms.ChoiceField(
        label=_("Kind of file"),
        choices=[
            (SOURCE_INDEX, _("Safety index (Tryg's own columns)")),
            (SOURCE_STRAF11, _("Statistikbanken, table STRAF11: reported crimes per quarter")),
            (SOURCE_FOLK1A, _("Statistikbanken, table FOLK1A: population per quarter")),
        ],
        initial=SOURCE_INDEX,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Statistikbanken's tables as downloaded from statbank.dk (CSV) or from api.statbank.dk (CSV), in "
            "Danish, with the totals chosen (all offences; both sexes, all ages and marital statuses). Reports are "
            "counted per whole year; reports per 1,000 inhabitants are computed once both tables are imported, in "
            "either order."
        ),
    )

    file = forms.FileField(
        label=_("Index file"),
        help_text=_(
            "CSV (semicolon or comma separated, as Excel saves it), Excel (.xlsx) or LibreOffice (.ods), at most "
            "5 MB. One value per row (år, område or kommunekode, måling, værdi, and optionally nedre, øvre, "
            "respondenter, kilde, områdetype), or a published table with a column per year or per measure."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("preview", _("Show preview")))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s MB). It may be at most 5 MB.")
                % {"size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")}
            )
        return upload
