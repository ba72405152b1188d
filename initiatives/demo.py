"""Demo initiatives built from the strategy text (Tryg i Aarhus, 16 March 2017), for `load_demo`.

The titles, descriptions, partners and earlier results come from the strategy. Dates, budgets, contact
persons and the figures in the effect goals are made up for the demonstration, and every description says so.
Initiatives shown as submitted, approved or returned got there through the approval workflow, with decisions
whose made-up justifications say they are demo data.
Safe to run twice: an initiative whose first version has the same title is left as it is.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from focusareas.models import FocusArea
from indicators.models import SubGoal
from initiatives import workflow
from initiatives.documents import save_version
from initiatives.models import Contribution, Decision, EffectGoal, Initiative, InitiativeVersion, LocalArea, Partner
from initiatives.publication import Publication

MADE_UP = (
    "Demodata: Teksten bygger på strategien Tryg i Aarhus (16. marts 2017). Datoer, budget, kontaktpersoner "
    "og tallene i effektmålene er opdigtede til demonstration."
)

LOCAL_AREAS = [
    ("Tilst", LocalArea.Kind.LOCAL_AREA),
    ("Trige", LocalArea.Kind.LOCAL_AREA),
    ("Lystrup", LocalArea.Kind.LOCAL_AREA),
    ("Højbjerg", LocalArea.Kind.LOCAL_AREA),
    ("Viby", LocalArea.Kind.LOCAL_AREA),
    ("Brabrand", LocalArea.Kind.LOCAL_AREA),
    ("Risskov", LocalArea.Kind.LOCAL_AREA),
    ("Skødstrup", LocalArea.Kind.LOCAL_AREA),
    ("Gellerup", LocalArea.Kind.HOUSING_AREA),
    ("Bispehaven", LocalArea.Kind.HOUSING_AREA),
    ("Trigeparken", LocalArea.Kind.HOUSING_AREA),
]

State = InitiativeVersion.State
Basis = InitiativeVersion.Basis
Responsibility = InitiativeVersion.Responsibility
Origin = InitiativeVersion.Origin
Kind = EffectGoal.Kind


def _initiatives(today: datetime.date) -> list[dict]:
    return [
        {
            "title": "Informationsmøder om indbrudsforebyggelse og nabohjælp",
            "focus_area": "indbrudsforebyggelse-og-nabohjaelp",
            "state": State.APPROVED,
            "author": "anne",
            "summary": "Kommunen og politiet holder informationsmøder om indbrudsforebyggelse og nabohjælp i de "
            "lokalområder, der oplever flest indbrud.",
            "description": "I 2015 og 2016 har Aarhus Kommune og Østjyllands Politi sammen afholdt 20 velbesøgte "
            "informationsmøder om indbrudsforebyggelse og nabohjælp i de lokalområder, der oplevede "
            "flest indbrud. Møderne fortsætter under strategiens paraply.",
            "basis": Basis.EVIDENCE,
            "evidence_summary": "Møderne har resulteret i, at ca. 11.000 borgere i dag er tilmeldt nabohjælp i "
            "Aarhus Kommune, ca. 7.500 flere end før indsatsen startede.",
            "evidence_references": "Tryg i Aarhus. Oplæg til en fælles tryghedsstrategi, Borgmesterens Afdeling, "
            "16. marts 2017, afsnittet »Indbrudsforebyggelse og nabohjælp«.",
            "responsibility": Responsibility.JOINT,
            "origin": Origin.EXISTING,
            "target_group": "Husstande i lokalområder med mange indbrud",
            "areas": ["Tilst", "Lystrup", "Højbjerg", "Viby"],
            "partners": ["Grundejerforeninger"],
            "start": datetime.date(2017, 4, 1),
            "end": datetime.date(2019, 12, 31),
            "budget": Decimal("150000"),
            "funding": "Tryg i Aarhus' fælles pulje",
            "contributions": {
                1: "Flere naboer holder øje med hinandens huse, så færre oplever indbrud i nabolaget.",
                3: "Nabohjælp og forebyggelse gør det sværere at begå indbrud, så anmeldelserne falder.",
            },
            "goals": [
                {
                    "description": "Flere borgere tilmeldt nabohjælp",
                    "kind": Kind.QUANTITATIVE,
                    "sub_goal": 3,
                    "metric": "Borgere tilmeldt nabohjælp i Aarhus Kommune",
                    "unit": "borgere",
                    "baseline_value": Decimal("11000"),
                    "baseline_date": datetime.date(2017, 3, 1),
                    "target_value": Decimal("14000"),
                    "target_date": datetime.date(2019, 12, 31),
                    "data_source": "Nabohjælps medlemstal for Aarhus Kommune",
                }
            ],
        },
        {
            "title": "Tryghedspartnere fra fællesrådene",
            "focus_area": "indbrudsforebyggelse-og-nabohjaelp",
            "state": State.DRAFT,
            "author": "anne",
            "summary": "Et netværk af tryghedspartnere fra fællesrådene i alle lokalområder er bindeled mellem "
            "kommunen, politiet og lokalområderne.",
            "description": "Som en fortsættelse af informationsmøderne opbygger Aarhus Kommune og Østjyllands "
            "Politi et netværk af tryghedspartnere fra fællesrådene i alle kommunens lokalområder.\n\n"
            "Formålet er at aktivere og styrke lokale kræfter, for eksempel grundejerforeninger, og "
            "øge trygheden gennem information om blandt andet indbrudsforebyggelse og "
            "nabohjælpsordningen.",
            "basis": Basis.DEVELOPMENT,
            "learning_question": "Kan lokale tryghedspartnere bære information om indbrudsforebyggelse ud i "
            "lokalområderne, og hvad skal de have fra kommunen og politiet for at gøre det?",
            "responsibility": Responsibility.JOINT,
            "origin": Origin.NEW,
            "target_group": "Fællesråd og grundejerforeninger",
            "whole": True,
            "partners": ["Fællesrådene i Aarhus", "Grundejerforeninger"],
            "start": datetime.date(2017, 9, 1),
            "end": None,
            "contributions": {
                1: "Lokale partnere opdager og tager fat i utryghedsskabende forhold tidligt.",
                2: "Nuanceret information fra kendte lokale personer mindsker utrygheden.",
            },
            "goals": [
                {
                    "description": "Tryghedspartnere i alle lokalområder",
                    "kind": Kind.QUANTITATIVE,
                    "sub_goal": 1,
                    "metric": "Lokalområder med mindst én tryghedspartner",
                    "unit": "lokalområder",
                    "baseline_value": Decimal("0"),
                    "baseline_date": datetime.date(2017, 9, 1),
                    "target_value": Decimal("28"),
                    "target_date": datetime.date(2018, 12, 31),
                    "data_source": "Kommunens liste over tryghedspartnere",
                }
            ],
        },
        {
            "title": "Forsøg om indbrudsforebyggelse",
            "focus_area": "indbrudsforebyggelse-og-nabohjaelp",
            "state": State.DRAFT,
            "author": "jonas",
            "summary": "Med støtte fra TrygFonden gennemføres et forsøg om indbrudsforebyggelse sammen med "
            "Nationalt Forebyggelsescenter og Justitsministeriets Forskningskontor.",
            "description": "Aarhus Kommune, Østjyllands Politi, Nationalt Forebyggelsescenter og "
            "Justitsministeriets Forskningskontor gennemfører et forsøg om indbrudsforebyggelse. "
            "Resultaterne kan danne grundlag for nye kommunikationsindsatser.\n\n"
            "I demodata er embargodatoen sat et halvt år frem fra indlæsningen, så markeringen kan "
            "ses; i strategien gjaldt embargoen, til forsøget var afsluttet.",
            "basis": Basis.DEVELOPMENT,
            "learning_question": "Hvilken effekt har den afprøvede indbrudsforebyggende indsats på antallet af "
            "indbrud?",
            "responsibility": Responsibility.JOINT,
            "origin": Origin.EXISTING,
            "target_group": "Husstande i forsøgsområderne",
            "areas": ["Brabrand", "Risskov"],
            "partners": ["TrygFonden", "Nationalt Forebyggelsescenter", "Justitsministeriets Forskningskontor"],
            "start": datetime.date(2016, 9, 1),
            "end": datetime.date(2017, 9, 30),
            "funding": "TrygFonden",
            "embargo_until": today + datetime.timedelta(days=182),
            "embargo_reason": "Justitsministeriets Forskningskontor har pointeret, at der ikke må kommunikeres om "
            "forsøgets indhold, før det er afsluttet, for ikke at svække forsøgets validitet.",
            "contributions": {3: "Forsøget afprøver en indsats, der skal få antallet af indbrud til at falde."},
            "goals": [
                {
                    "description": "Færre anmeldte indbrud i forsøgsområderne end i sammenligningsområderne",
                    "kind": Kind.QUANTITATIVE,
                    "sub_goal": 3,
                    "metric": "Anmeldte indbrud i private hjem",
                    "unit": "anmeldelser",
                    "baseline_value": Decimal("240"),
                    "baseline_date": datetime.date(2016, 8, 31),
                    "target_value": Decimal("200"),
                    "target_date": datetime.date(2017, 9, 30),
                    "data_source": "Østjyllands Politis anmeldelsestal",
                }
            ],
        },
        {
            "title": "Workshops om IT-kompetencer",
            "focus_area": "digital-tryghed",
            "state": State.DRAFT,
            "author": "jonas",
            "summary": "Workshops giver utrygge borgere et IT-kompetenceløft med værktøjer til tilstrækkelig "
            "online-beskyttelse.",
            "description": "Kampagner og aktiviteter skal give utrygge borgere et IT-kompetenceløft, fx workshops "
            "om værktøjer til online-beskyttelse og oplysning om de vigtigste gode råd til sikker og "
            "tryg færdsel på internettet.",
            "basis": Basis.EVIDENCE,
            "evidence_summary": "Undersøgelser peger på, at den enkeltes IT-kompetencer har betydning for graden af "
            "tryghed: dem med de bedste IT-kompetencer er mindst utrygge ved at færdes på "
            "internettet. 25 % af danskerne er temmelig eller meget bekymrede for IT-kriminalitet.",
            "evidence_references": "Det Kriminalpræventive Råd, rapport marts 2016; gengivet i Tryg i Aarhus "
            "(16. marts 2017), afsnittet »Digital tryghed«.",
            "responsibility": Responsibility.MUNICIPALITY,
            "origin": Origin.NEW,
            "target_group": "Borgere, der er utrygge på nettet",
            "whole": True,
            "partners": ["Det Kriminalpræventive Råd"],
            "start": datetime.date(2018, 1, 15),
            "end": datetime.date(2018, 12, 15),
            "budget": Decimal("80000"),
            "contributions": {2: "Deltagerne lærer at beskytte sig og bliver mindre utrygge ved at færdes online."},
            "goals": [
                {
                    "description": "Deltagerne føler sig tryggere online",
                    "kind": Kind.QUALITATIVE,
                    "sub_goal": 2,
                    "method": "Spørgeskema før og efter workshoppen og opfølgende interview med ti deltagere.",
                }
            ],
        },
        {
            "title": "Kend dine naboer",
            "focus_area": "aktivt-medborgerskab",
            "state": State.SUBMITTED,
            "author": "anne",
            "summary": "Kend dine naboer-arrangementer bringer beboerne tættere sammen og styrker de sociale "
            "netværk i boligområder med lav oplevet tryghed.",
            "description": "Sociale netværk er afgørende for, i hvilken grad man anskuer sine naboer som potentielt "
            "kriminelle, og om man tror, at nogen vil gribe ind. Kend dine naboer-initiativer skal "
            "styrke naboskabet.",
            "basis": Basis.EVIDENCE,
            "evidence_summary": "Manglende naboskab og dårlige sociale netværk er en del af forklaringen på lav "
            "oplevet tryghed i et boligområde; et stærkt netværk giver handlekraft.",
            "evidence_references": "Center for Boligsocial Udvikling; gengivet i Tryg i Aarhus (16. marts 2017), "
            "afsnittet »Aktivt medborgerskab som drivkraft i utrygge boligområder«.",
            "responsibility": Responsibility.MUNICIPALITY,
            "origin": Origin.NEW,
            "target_group": "Beboere i udvalgte boligområder",
            "areas": ["Gellerup", "Bispehaven", "Trigeparken"],
            "partners": ["Center for Boligsocial Udvikling"],
            "start": datetime.date(2018, 3, 1),
            "end": datetime.date(2019, 6, 30),
            "budget": Decimal("120000"),
            "contributions": {2: "Beboere, der kender hinanden, er mindre utrygge ved det, der sker i området."},
            "goals": [
                {
                    "description": "Flere beboere kender mindst fem naboer",
                    "kind": Kind.QUANTITATIVE,
                    "sub_goal": 2,
                    "metric": "Andel beboere, der kender mindst fem naboer",
                    "unit": "procent",
                    "baseline_value": Decimal("38"),
                    "baseline_date": datetime.date(2018, 2, 1),
                    "target_value": Decimal("50"),
                    "target_date": datetime.date(2019, 6, 30),
                    "data_source": "Beboerundersøgelse i boligområderne",
                }
            ],
        },
        {
            "title": "Basiskursus for nyansatte i nattelivet",
            "focus_area": "byens-natteliv",
            "state": State.DRAFT,
            "author": "anne",
            "summary": "Et basiskursus, udviklet med restauratørnetværket Byens Natteliv, ruster nyansatte til at "
            "styrke trygheden i nattelivet.",
            "description": "I marts 2017 var 275 deltagere tilmeldt det første basiskursus for nyansatte i det "
            "aarhusianske natteliv. Kurset er det første i en kursusrække; de følgende kurser går i "
            "dybden med ansvarlig udskænkning, tyveri, mindreårige i nattelivet samt adgangskontrol "
            "og mangfoldighed.",
            "basis": Basis.DEVELOPMENT,
            "learning_question": "Bruger de nyansatte det, de lærer på kurset, og mærker gæsterne forskel?",
            "responsibility": Responsibility.JOINT,
            "origin": Origin.EXISTING,
            "target_group": "Nyansatte i nattelivet",
            "areas": [],
            "whole": True,
            "partners": ["Byens Natteliv"],
            "start": datetime.date(2017, 3, 1),
            "end": None,
            "contributions": {
                1: "Personalet griber tidligere ind over for utryghedsskabende adfærd.",
                2: "Gæsterne møder personale, der ved, hvad de skal gøre, og føler sig tryggere.",
            },
            "goals": [
                {
                    "description": "Kursisterne bruger det lærte i hverdagen",
                    "kind": Kind.QUALITATIVE,
                    "sub_goal": 1,
                    "method": "Observation i nattelivet og fokusgruppeinterview med kursister og dørmænd.",
                }
            ],
        },
        {
            "title": "Aggressiv adfærd på cykelstierne",
            "focus_area": "tryghed-i-trafikken",
            "state": State.RETURNED,
            "author": "jonas",
            "summary": "Politiet og kommunen sætter fokus på aggressiv adfærd i trafikken, først på cykelstierne.",
            "description": "Farlige trafikale forhold og hensynsløs adfærd i trafikken skaber utryghed. Det kom til "
            "udtryk i den kvalitative del af politiets tryghedsindeks. Indsatsen kombinerer "
            "politiets kontrol med kommunens kampagner.",
            "basis": Basis.DEVELOPMENT,
            "learning_question": "Hvilken kombination af kontrol og kampagne mindsker den oplevede aggressive "
            "adfærd på cykelstierne?",
            "responsibility": Responsibility.POLICE,
            "origin": Origin.NEW,
            "target_group": "Cyklister i Aarhus",
            "whole": True,
            "partners": [],
            "start": datetime.date(2018, 4, 1),
            "end": datetime.date(2018, 10, 31),
            "contributions": {
                1: "Færre cyklister oplever aggressiv adfærd på de strækninger, indsatsen dækker.",
                2: "Synlig indsats gør cyklisterne mindre utrygge i trafikken.",
            },
            "goals": [
                {
                    "description": "Færre cyklister oplever aggressiv adfærd",
                    "kind": Kind.QUANTITATIVE,
                    "sub_goal": 1,
                    "metric": "Andel cyklister, der har oplevet aggressiv adfærd den seneste måned",
                    "unit": "procent",
                    "baseline_value": Decimal("31"),
                    "baseline_date": datetime.date(2018, 3, 15),
                    "target_value": Decimal("25"),
                    "target_date": datetime.date(2018, 11, 15),
                    "data_source": "Kommunens cyklistundersøgelse",
                }
            ],
        },
        {
            "title": "Kommunikationskampagne for ældre borgere",
            "focus_area": "tryghedsskabende-kommunikation",
            "state": State.DRAFT,
            "author": "jonas",
            "summary": "En nuanceret og virkelighedsnær formidling til ældre borgere, som gennemsnitligt er mere "
            "utrygge, selv om de objektivt set ikke er mere udsatte.",
            "description": "Den oplevede tryghed stemmer ikke altid overens med den faktiske risiko for "
            "kriminalitet, blandt andet på grund af flertalsmisforståelser. Kampagnen giver ældre "
            "borgere et realistisk billede, så de ikke føler sig utrygge på et forkert grundlag.",
            "basis": Basis.DEVELOPMENT,
            "learning_question": "Kan målrettet kommunikation mindske ældres utryghed, og gennem hvilke kanaler "
            "når vi dem?",
            "responsibility": Responsibility.MUNICIPALITY,
            "origin": Origin.NEW,
            "target_group": "Borgere over 65 år",
            "whole": True,
            "partners": [],
            "start": datetime.date(2018, 9, 1),
            "end": datetime.date(2019, 3, 31),
            "budget": Decimal("95000"),
            "contributions": {2: "Ældre får et retvisende billede af risikoen og bliver mindre utrygge."},
            "goals": [
                {
                    "description": "Ældre føler sig mindre utrygge efter kampagnen",
                    "kind": Kind.QUALITATIVE,
                    "sub_goal": 2,
                    "method": "Interview med ældre på tre lokalcentre før og efter kampagnen.",
                }
            ],
        },
    ]


def load_demo_initiatives() -> int:
    """Create the demo local areas and initiatives that are missing; returns how many initiatives were new."""
    for name, kind in LOCAL_AREAS:
        LocalArea.objects.get_or_create(name=name, defaults={"kind": kind})
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["anne", "jonas", "peter", "mette"])}
    sub_goals = {s.number: s for s in SubGoal.objects.all()}
    created = 0
    for spec in _initiatives(timezone.localdate()):
        if InitiativeVersion.objects.filter(number=1, title=spec["title"]).exists():
            continue
        author = users[spec["author"]]
        responsibility = spec["responsibility"]
        initiative = Initiative.objects.create(created_by=author)
        version = InitiativeVersion(
            initiative=initiative,
            title=spec["title"],
            summary=spec["summary"],
            description=f"{spec['description']}\n\n{MADE_UP}",
            focus_area=FocusArea.objects.get(slug=spec["focus_area"]),
            basis=spec["basis"],
            evidence_summary=spec.get("evidence_summary", ""),
            evidence_references=spec.get("evidence_references", ""),
            learning_question=spec.get("learning_question", ""),
            responsibility=responsibility,
            municipal_contact=users["anne"] if responsibility != Responsibility.POLICE else None,
            police_contact=users["peter"] if responsibility != Responsibility.MUNICIPALITY else None,
            target_group=spec["target_group"],
            whole_municipality=spec.get("whole", False),
            start_date=spec["start"],
            end_date=spec["end"],
            budget=spec.get("budget"),
            funding_source=spec.get("funding", ""),
            origin=spec["origin"],
            embargo_until=spec.get("embargo_until"),
            embargo_reason=spec.get("embargo_reason", ""),
            author=author,
            last_edited_by=author,
        )
        save_version(
            version,
            by=author,
            m2m={
                "local_areas": LocalArea.objects.filter(name__in=spec.get("areas", [])),
                "partners": [Partner.objects.get_or_create(name=name)[0] for name in spec["partners"]],
            },
        )
        for number, how in spec["contributions"].items():
            Contribution(version=version, sub_goal=sub_goals[number], how=how).save()
        for goal in spec["goals"]:
            EffectGoal(version=version, **{**goal, "sub_goal": sub_goals[goal["sub_goal"]]}).save()
        initiative.latest_version = version
        initiative.save()
        _through_workflow(version, spec["state"], users)
        created += 1
    return created


# Made-up justifications for the demo decisions; each says it is demo data.
_APPROVAL = "Demodata (opdigtet begrundelse): Initiativet bygger på dokumenterede resultater og bidrager til målet."
_RETURN = (
    "Demodata (opdigtet begrundelse): Effektmålet bør også følge op på, hvor kontrollerne finder sted, "
    "før styregruppen kan godkende."
)


def _through_workflow(version: InitiativeVersion, state: str, users: dict) -> None:
    """Take a demo draft to its demo state the way users would: submitted by its author, decided by members."""
    if state == State.DRAFT:
        return
    author = version.author
    workflow.submit(version, by=author, send_mail=False)
    if state == State.APPROVED:
        contributed = SubGoal.objects.filter(pk__in=version.contributions.values("sub_goal"))
        for member in (users["peter"], users["mette"]):
            workflow.decide(
                version,
                by=member,
                outcome=Decision.Outcome.APPROVE,
                justification=_APPROVAL,
                sub_goals=contributed,
                contributes_to_goal=True,
                # The demo's approvals publish, so /offentlig/ has content: with contact persons, not budgets.
                publication=Publication(publish=True, contacts=True),
                send_mail=False,
            )
    elif state == State.RETURNED:
        workflow.decide(
            version, by=users["peter"], outcome=Decision.Outcome.RETURN, justification=_RETURN, send_mail=False
        )
