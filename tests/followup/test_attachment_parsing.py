"""The incident: HTML behind a `%PDF-` prefix was accepted and served back as poly.html, an SVG as x.svg, a DOCX
that unpacks to 1 GB was accepted, and stored files were readable by everyone on the server. Attachments are now
checked by parsing them."""

import io
import os
import stat
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from followup.models import FollowUpRecord
from tests.followup.factories import qualitative
from tests.followup.test_records import _docx, _error_text, _post


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DISGUISES = {
    "poly.html": b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>",
    "x.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "x.pdf": b'%PDF-1.4\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "bomb.docx": _zip({"word/document.xml": b"<document/>", "word/fill.xml": b"0" * (60 * 1024 * 1024)}),
    "many.xlsx": _zip({"xl/workbook.xml": b"<workbook/>", **{f"xl/m{i}.xml": b"<m/>" for i in range(600)}}),
    "macro.docx": _zip({"word/document.xml": b"<document/>", "word/vbaProject.bin": b"Attribute VB_Name"}),
    "page.docx": _zip({"word/document.xml": b"<document/>", "word/page.html": b"<p>hej</p>"}),
}


@pytest.mark.parametrize("name", DISGUISES)
def test_html_svg_scripts_and_zip_bombs_are_refused_whatever_their_name(
    client, author, followed, name, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    client.force_login(author)
    upload = SimpleUploadedFile(name, DISGUISES[name], content_type="application/pdf")
    response = _post(client, qualitative(followed), observation="Flere hilser", attachment=upload)
    assert response.status_code == 400 and "ikke en PDF" in _error_text(response)
    assert not FollowUpRecord.objects.exists()


def test_a_real_pdf_is_stored_for_the_app_alone_and_served_as_a_pdf_whatever_it_was_called(
    client, author, colleague, followed, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    client.force_login(author)
    content = _pdf()
    upload = SimpleUploadedFile("poly.html", content, content_type="text/html")
    assert _post(client, qualitative(followed), observation="Flere hilser", attachment=upload).status_code == 302
    entry = FollowUpRecord.objects.get()
    assert entry.attachment.name.endswith(".pdf")
    assert stat.S_IMODE(os.stat(entry.attachment.path).st_mode) == 0o600
    client.force_login(colleague)
    download = client.get(reverse("followup:attachment", args=[entry.pk]))
    assert download["Content-Type"] == "application/pdf" and 'filename="poly.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == content


def test_a_small_docx_is_still_accepted(client, author, followed, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    client.force_login(author)
    upload = SimpleUploadedFile("notat.docx", _docx(), content_type="application/octet-stream")
    assert _post(client, qualitative(followed), observation="Flere hilser", attachment=upload).status_code == 302
