"""`make audit`: pip-audit over the installed environment, against the findings we have accepted.

Fails (exit 1) on a known vulnerability that .ci/audit-accepted.toml does not list, or on an accepted finding
whose review date has passed. When the vulnerability service cannot be reached (no network, a proxy that serves
packages but not the audit API), nothing could be checked: it says so loudly and passes, so an offline build
still runs; the next build with a network audits again.
"""

import datetime
import json
import subprocess
import sys
import tomllib
from pathlib import Path

ACCEPTED = Path(__file__).with_name("audit-accepted.toml")


def accepted_findings(path: Path = ACCEPTED) -> list[dict]:
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("accepted", [])
    for entry in entries:
        missing = {"id", "package", "reason", "review_by"} - entry.keys()
        if missing:
            raise SystemExit(f"{path.name}: {entry.get('id', '?')} lacks {', '.join(sorted(missing))}")
    return entries


def verdict(report: dict, accepted: list[dict], today: datetime.date) -> tuple[int, list[str]]:
    """(exit code, lines to print) for pip-audit's JSON report."""
    accepted_ids = {entry["id"] for entry in accepted}
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    lines, failed = [], False
    for dependency in audited:
        for vuln in dependency.get("vulns", []):
            ids = {vuln["id"], *vuln.get("aliases", [])}
            if ids & accepted_ids:
                continue
            failed = True
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            lines.append(f"VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})")
    for entry in accepted:
        if datetime.date.fromisoformat(str(entry["review_by"])) < today:
            failed = True
            lines.append(f"REVIEW {entry['id']} ({entry['package']}): accepted until {entry['review_by']}; look again")
    if dependencies and not audited:
        lines.append(
            f"WARNING: none of the {len(dependencies)} packages could be audited (is the vulnerability service "
            "reachable?); nothing was checked"
        )
    elif not failed:
        lines.append(f"pip-audit: {len(audited)} packages, no known vulnerability outside {ACCEPTED.name}")
    return (1 if failed else 0), lines


def main() -> int:
    accepted = accepted_findings()
    command = [sys.executable, "-m", "pip_audit", "--local", "--format", "json", "--progress-spinner", "off"]
    for entry in accepted:
        command += ["--ignore-vuln", entry["id"]]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
        report = json.loads(result.stdout)
    except (subprocess.TimeoutExpired, json.JSONDecodeError) as error:
        print(f"WARNING: pip-audit could not run to the end ({type(error).__name__}); nothing was checked")
        return 0
    code, lines = verdict(report, accepted, datetime.date.today())
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
