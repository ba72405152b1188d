"""The public pages: no login, read-only, the same for everyone (public.http.public_page), read through
public.queries only."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from followup.report_views import pdf_response
from goal.sections import goal_context
from public import queries
from public.http import public_page

GOAL_LINKS = {"goal": "public:goal", "csv": "public:goal_csv"}


def not_found(request, message: str):
    return render(request, "public/not_found.html", {"message": message}, status=404)


@public_page
def start(request):
    """Anyone: the strategy, its focus areas and sub-goals, and the way to everything else that is public."""
    context = {"focus_areas": queries.focus_areas(), "sub_goals": queries.sub_goals()}
    return render(request, "public/start.html", context)


@public_page
def focus_area(request, slug):
    """Anyone: a focus area and its published initiatives."""
    area = next((a for a in queries.focus_areas() if a.slug == slug), None)
    if area is None:
        return not_found(request, _("There is no such focus area."))
    context = {"area": area, "records": [queries.public_record(v) for v in queries.published_versions(focus_area=area)]}
    return render(request, "public/focus_area.html", context)


@public_page
def initiatives(request):
    """Anyone: the published initiatives in force, optionally those serving one sub-goal (?delmaal=number)."""
    number = request.GET.get("delmaal", "").strip()
    sub_goal = None
    if number:
        sub_goal = next((s for s in queries.sub_goals() if str(s.number) == number), None)
        if sub_goal is None:
            return not_found(request, _("There is no sub-goal with the number “%(number)s”.") % {"number": number[:20]})
    versions = queries.published_versions(sub_goal=sub_goal.number if sub_goal else None)
    context = {"records": [queries.public_record(v) for v in versions], "sub_goal": sub_goal}
    return render(request, "public/initiative_list.html", context)


@public_page
def initiative(request, pk):
    """Anyone: one published initiative in force, with only its public fields."""
    version = queries.published_version(pk)
    if version is None:
        return not_found(request, _("There is no published initiative with this number."))
    return render(request, "public/initiative_detail.html", {"record": queries.public_record(version)})


@public_page
def goal(request):
    """Anyone: the goal year by year, by goal's own rules and honest headlines, for a chosen measure (?maaling=)."""
    context = goal_context(request.GET.get("maaling", "").strip())
    if context is None:
        return not_found(request, _("There is no goal, or no comparable measure with this code."))
    counts = queries.published_count_by_sub_goal()
    for section in context["sections"]:
        number = section["sub_goal"].number
        section["published_count"] = counts.get(number, 0)
        section["published_url"] = reverse("public:initiatives") + "?" + urlencode({"delmaal": number})
    return render(request, "public/goal.html", {**context, "public": True, "links": GOAL_LINKS})


@public_page
def reports(request):
    """Anyone: the status reports the steering group marked final."""
    rows = [{"report": r, "scope": queries.report_scope(r)} for r in queries.final_reports()]
    return render(request, "public/reports.html", {"rows": rows})


@public_page
def report_pdf(request, year, scope):
    """Anyone: a final status report as PDF, without what is not public (public.queries.public_report_content)."""
    report = queries.final_report(year, scope)
    if report is None:
        return not_found(request, _("There is no final status report for that year."))
    return pdf_response(request, report, queries.public_report_content(report), public=True)


@public_page
def sitemap(request):
    """Anyone (and search engines): every public page's absolute address."""
    paths = [reverse(name) for name in ("public:start", "public:initiatives", "public:goal", "public:reports")]
    paths += [reverse("public:focus_area", args=[area.slug]) for area in queries.focus_areas()]
    paths += [reverse("public:initiative", args=[v.initiative_id]) for v in queries.published_versions()]
    paths += [reverse("public:report_pdf", args=[r.year, queries.report_scope(r)]) for r in queries.final_reports()]
    paths.append(reverse("public:data"))
    site = settings.SITE_URL.rstrip("/")
    return render(
        request, "public/sitemap.xml", {"urls": [site + path for path in paths]}, content_type="application/xml"
    )
