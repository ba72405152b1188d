"""`make audit` fails on a vulnerability nobody accepted, keeps an acceptance only until its review date, and
passes with a warning when nothing could be audited (no network)."""

import datetime
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("audit_script", ROOT / ".ci" / "audit.py")
audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)

TODAY = datetime.date(2026, 12, 7)
DJANGO_VULN = {"id": "GHSA-aaaa-bbbb-cccc", "aliases": ["CVE-2026-1234"], "fix_versions": ["5.2.99"]}


def _report(*vulns, skipped=0):
    dependencies = [{"name": "django", "version": "5.2.1", "vulns": list(vulns)}, {"name": "tablib", "version": "3.8"}]
    if skipped:
        dependencies = [{"name": f"p{i}", "version": "1", "skip_reason": "not found"} for i in range(skipped)]
    return {"dependencies": dependencies}


def _accepted(id_, review_by="2027-06-01"):
    return [{"id": id_, "package": "django", "reason": "not used", "review_by": review_by}]


def test_an_unaccepted_vulnerability_fails_and_names_the_fix():
    code, lines = audit.verdict(_report(DJANGO_VULN), [], TODAY)
    assert code == 1 and "VULNERABLE django 5.2.1: GHSA-aaaa-bbbb-cccc (fixed in 5.2.99)" in lines


def test_an_accepted_vulnerability_passes_also_by_its_alias():
    assert audit.verdict(_report(DJANGO_VULN), _accepted("GHSA-aaaa-bbbb-cccc"), TODAY)[0] == 0
    assert audit.verdict(_report(DJANGO_VULN), _accepted("CVE-2026-1234"), TODAY)[0] == 0


def test_an_acceptance_past_its_review_date_fails():
    code, lines = audit.verdict(_report(DJANGO_VULN), _accepted("CVE-2026-1234", "2026-12-01"), TODAY)
    assert code == 1 and any(line.startswith("REVIEW CVE-2026-1234") for line in lines)


def test_nothing_audited_passes_with_a_warning():
    code, lines = audit.verdict(_report(skipped=120), [], TODAY)
    assert code == 0 and "none of the 120 packages could be audited" in lines[0]


def test_the_accepted_list_is_valid_and_every_entry_has_a_reason():
    assert all(entry["reason"] for entry in audit.accepted_findings())
