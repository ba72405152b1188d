"""Due dates on the front page and the steering group's pages, reminder mails (due, 30 days overdue, once each),
and the completeness figure."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from followup.models import ReminderSent
from followup.reminders import send_due_reminders
from tests.followup.factories import days, in_force, quantitative, record


def test_front_page_lists_the_users_goals_due_within_14_days_or_overdue(client, author, colleague):
    overdue = in_force(author, title="Over fristen", start=-100)  # quarterly: due 10 days ago
    soon = in_force(author, start=-80, title="Snart")  # due in 10 days
    in_force(author, start=-40, title="Senere")  # due in 50 days
    client.force_login(author)
    page = client.get(reverse("home")).text
    section = page.split('data-testid="follow-up-due"')[1].split("</ul>")[0]
    assert "Over fristen" in section and "over fristen siden" in section and "Snart" in section
    assert "Senere" not in section
    # The half-yearly qualitative goals are not due yet; each listed item is the quarterly one.
    assert section.count('<li data-testid="follow-up-due-item">') == 2
    client.force_login(colleague)  # not a contact person
    assert 'data-testid="follow-up-due"' not in client.get(reverse("home")).text
    record(quantitative(overdue), days(-1), 110, by=author)
    client.force_login(author)
    section = client.get(reverse("home")).text.split('data-testid="follow-up-due"')[1].split("</ul>")[0]
    assert "Over fristen" not in section and soon.title in section


def test_steering_page_and_agenda_list_overdue_goals_by_initiative(client, author, municipal_member):
    in_force(author, title="Over fristen", start=-100)
    in_force(author, title="I tide", start=-10)
    client.force_login(municipal_member)
    for url in (reverse("initiatives:steering"), reverse("initiatives:agenda")):
        section = client.get(url).text.split('data-testid="overdue-goals"')[1].split("</section>")[0]
        assert "Over fristen" in section and "Færre indbrud" in section and "I tide" not in section


def test_reminders_go_out_when_due_and_30_days_overdue_once_each(author, mail_queue):
    version = in_force(author, start=-95, title="Nabohjælp", police_contact=None)
    goal = quantitative(version)
    assert send_due_reminders(days(-100)) == 0
    assert send_due_reminders() == 1  # quarterly goal: due a few days ago
    mail_queue.run()
    message = mail.outbox[0]
    assert message.to == [author.email] and "Opfølgningen på" in message.subject and "skal laves nu" in message.subject
    assert "Færre indbrud" in message.body and version.get_absolute_url() in message.body
    assert send_due_reminders() == 0 and len(mail.outbox) == 1  # sent once
    later = timezone.localdate() + datetime.timedelta(days=30)
    assert send_due_reminders(later) == 1
    mail_queue.run()
    assert "30 dage over fristen" in mail.outbox[1].subject
    assert send_due_reminders(later) == 0
    assert ReminderSent.objects.filter(goal=goal.lineage).count() == 2


def test_the_daily_command_sends_the_reminders(author, capsys, mail_queue):
    in_force(author, start=-95)
    call_command("send_followup_reminders")
    assert "1 påmindelse ligger i mailkøen." in capsys.readouterr().out
    mail_queue.run()
    assert len(mail.outbox) == 1


def test_completeness_on_the_overview_is_sortable_and_filterable(client, author):
    good = in_force(author, title="Godt fulgt", start=-200)
    in_force(author, title="Dårligt fulgt", start=-200)
    goal = quantitative(good)
    # Quarterly due dates at −109 and −18 days: both reported in their periods.
    record(goal, days(-150), 115, recorded_at=timezone.now() - datetime.timedelta(days=150))
    record(goal, days(-50), 112, recorded_at=timezone.now() - datetime.timedelta(days=50))
    client.force_login(author)
    page = client.get(reverse("followup:overview")).text
    assert page.index("Dårligt fulgt") < page.index("Godt fulgt")  # lowest completeness first
    rows = client.get(reverse("followup:overview"), {"sorter": "-fuldstaendighed"}).context["page"].object_list
    assert [(r["version"].title, r["met"], r["total"]) for r in rows] == [
        ("Godt fulgt", 2, 3),
        ("Dårligt fulgt", 0, 3),
    ]  # 2 quarterly + 1 half-yearly due date each
    filtered = client.get(reverse("followup:overview"), {"under": "50"}).context["page"].object_list
    assert [r["version"].title for r in filtered] == ["Dårligt fulgt"]

    page = client.get(good.get_absolute_url()).text
    assert "Fuldstændighed: 67 % (2 af 3 opfølgninger" in page
