"""What an attached file is, judged by parsing its content rather than by its name or first bytes: a PDF that opens
as one, or a DOCX/XLSX zip within limits; at most 5 MB. HTML, SVG and scripts are refused in any disguise."""

import logging
import re
import zipfile

from django.utils import formats
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

MAX_BYTES = 5 * 1024 * 1024

# Kind → (extension, content type) of what is stored and served.
KINDS = {
    "pdf": ("pdf", "application/pdf"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


# Limits for a DOCX/XLSX (a zip): a real document has tens of members and unpacks to a few times its size; a
# "zip bomb" of 5 MB may unpack to gigabytes.
MAX_MEMBERS = 500
MAX_UNPACKED = 50 * 1024 * 1024
MAX_RATIO = 100
# What a browser would run or render if it ever read the file as a page.
_ACTIVE = re.compile(rb"<\s*(html|script|svg|iframe|body)\b|/JavaScript|/JS\b|/Launch\b", re.IGNORECASE)
_ACTIVE_MEMBER = re.compile(r"\.(html?|svg|js|xhtml|xml\.rels\.js)$|vbaProject\.bin$", re.IGNORECASE)

logging.getLogger("pypdf").setLevel(logging.ERROR)  # a broken upload is refused, not logged as a warning


def detect_kind(upload) -> str | None:
    """ "pdf", "docx", "xlsx" or None, from parsing the file."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if _ACTIVE.search(data):
        return None
    if data.startswith(b"%PDF-"):
        return "pdf" if _opens_as_pdf(upload) else None
    if not data.startswith(b"PK"):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED or unpacked / packed > MAX_RATIO:
        return None
    names = {member.filename for member in members}
    if any(_ACTIVE_MEMBER.search(name) for name in names):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _opens_as_pdf(upload) -> bool:
    try:
        return len(PdfReader(upload, strict=False).pages) > 0
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError, AttributeError):
        return False
    finally:
        upload.seek(0)


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
