"""Areas inside Aarhus: each housing or local area's survey figures against Aarhus as a whole, and the initiatives
that name it. It combines the index with the initiatives, so it is composed here."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render

from indicators.area_comparison import load_area_comparison
from initiatives.queries import approved_by_local_area


@permission_required("indicators.view_goaldefinition", raise_exception=True)
def areas_page(request):
    """Every role (not outsiders): housing areas with survey figures, compared with the target by the goal's rule."""
    code = request.GET.get("maaling", "").strip()
    report = load_area_comparison(code)
    if report is None:
        return render(request, "goal/areas_unknown.html", {"unknown_code": code[:60]}, status=404)
    initiatives = approved_by_local_area()
    rows = [{"row": row, "initiatives": _initiatives_naming(row, initiatives)} for row in report.rows]
    return render(request, "goal/areas.html", {"report": report, "rows": rows})


def _initiatives_naming(row, initiatives: dict) -> list:
    """The initiatives whose local areas are the area, by its name or any of its aliases (the survey and the
    managed list may spell a housing area differently, e.g. "Gellerup" and "Gellerupparken"), each once."""
    found = {}
    for name in (row.name, *row.aliases):
        for initiative in initiatives.get(name.casefold(), []):
            found.setdefault(initiative.initiative_id, initiative)
    return sorted(found.values(), key=lambda initiative: initiative.title)
