"""What an attached file is, judged by its content rather than its name: PDF, DOCX or XLSX, at most 5 MB."""

import zipfile

from django.utils import formats
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024

# Kind → (extension, content type) of what is stored and served.
KINDS = {
    "pdf": ("pdf", "application/pdf"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def detect_kind(upload) -> str | None:
    """ "pdf", "docx", "xlsx" or None, from the bytes of the file."""
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return "pdf"
    if not head.startswith(b"PK"):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def refusal(upload) -> str | None:
    """Why this file cannot be attached, in Danish, or None when it can."""
    if upload.size > MAX_BYTES:
        size = formats.number_format(upload.size / 1024 / 1024, 1)
        return _(
            "The file is %(size)s MB; at most 5 MB can be attached. Make it smaller (e.g. save the PDF with "
            "lower image quality) or attach an extract."
        ) % {"size": size}
    if detect_kind(upload) is None:
        return _(
            "The file is not a PDF, Word (DOCX) or Excel (XLSX) document, whatever its name says. Save it as "
            "one of these and attach it again."
        )
    return None
