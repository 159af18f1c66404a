"""Settings live in the database and the services read them where they use each number (issue 10): the
meter's half-life, the weights a new exchange starts with, the weekly budget, each circle's cadence,
how long the trash keeps things, backup retention and folder, the theme. Out-of-range values are
refused with a message for a person."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.contact import ContactData
from desktop.services import backup, circles, overview, settings, timeline, today, trash
from desktop.services import log as log_service
from desktop.services.contacts import add_contact, insert_contacts
from desktop.storage.models import Contact, Exchange

TODAY = dt.date(2026, 11, 22)


def test_defaults_and_changes_are_stored_in_the_database(db, db_path):
    assert settings.half_life_days() == 180 and settings.trash_keep_days() == 30
    assert settings.backup_retention() == (7, 4) and settings.theme() == "system"
    assert settings.circle_cadences()["inner"] == 14 and settings.usual_weight("referral") == 3
    settings.change("half_life_days", 90)
    settings.change("theme", "dark")
    settings.change("circle_cadences", {"inner": 7})
    from desktop.services.session import close_database, open_database

    close_database()
    open_database(db_path)
    assert settings.half_life_days() == 90 and settings.theme() == "dark"
    assert settings.circle_cadences() == {"inner": 7, "close": 30, "active": 90, "wider": 365, "none": None}


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("half_life_days", 0, "from 7 to 3650"),
        ("half_life_days", "soon", "not a whole number"),
        ("trash_keep_days", 0, "from 1 to 3650"),
        ("backup_keep_daily", 0, "from 1 to 365"),
        ("exchange_weights", {"favour": 9}, "from 1 to 5"),
        ("exchange_weights", {"hug": 2}, "not a kind of exchange"),
        ("circle_cadences", {"inner": 0}, "from 1 to 3650 days"),
        ("circle_cadences", {"none": 10}, "not a keep-in-touch circle"),
        ("phone_region", "GBR", "two letters"),
        ("theme", "pink", "one of system, light, dark"),
        ("colour", 1, "no setting called"),
    ],
)
def test_values_out_of_range_are_refused_in_words(db, key, value, words):
    with pytest.raises(settings.SettingError, match=words):
        settings.change(key, value)


def test_the_half_life_moves_the_meter_at_once(db):
    cid = add_contact(ContactData(full_name="Ana Lima"))
    log_service.log("referral", [cid], TODAY - dt.timedelta(days=180))
    assert timeline.contact_meter(cid, TODAY).given == pytest.approx(1.5)
    settings.change("half_life_days", 90)
    assert timeline.contact_meter(cid, TODAY).given == pytest.approx(0.75)
    assert overview.network_overview(TODAY).given == pytest.approx(0.75)


def test_weights_set_what_a_new_exchange_weighs(db):
    cid = add_contact(ContactData(full_name="Ana Lima"))
    settings.change("exchange_weights", {"favour": 4})
    _, first = log_service.log("favour", [cid], TODAY)
    _, second = log_service.log("advice", [cid], TODAY)
    assert Exchange.get_by_id(first).weight == 4 and Exchange.get_by_id(second).weight == 1
    assert settings.usual_weight("favour") == 4


def test_the_weekly_budget_sets_the_burnout_warning(db):
    cid = add_contact(ContactData(full_name="Ana Lima"))
    for week in range(5):
        log_service.log("favour", [cid], TODAY - dt.timedelta(weeks=week), weight=5)
    assert not overview.network_overview(TODAY).burnout.warning  # 5 a week, under the budget of 10
    settings.change("weekly_giving_budget", 4)
    assert overview.network_overview(TODAY).burnout.warning


def test_a_circles_cadence_sets_when_check_ins_fall_due(db):
    (cid,) = insert_contacts([ContactData(full_name="Ana Lima")])
    circles.set_circle(cid, "close")
    log_service.log("call", [cid], TODAY - dt.timedelta(days=20))
    assert today.today_list(TODAY) == []
    settings.change("circle_cadences", {"close": 14})
    [item] = today.today_list(TODAY)
    assert item.kind == "check_in" and item.due == TODAY - dt.timedelta(days=6)


def test_the_trash_keeps_things_as_long_as_the_setting_says(db):
    old = add_contact(ContactData(full_name="Old"))
    trash.delete_contacts([old])
    now = dt.datetime.now()
    Contact.update(deleted_at=now - dt.timedelta(days=10)).where(Contact.id == old).execute()
    assert trash.purge_expired(now)["contact"] == 0
    settings.change("trash_keep_days", 7)
    assert trash.list_trash()[0].purge_on == (now - dt.timedelta(days=10) + dt.timedelta(days=7)).date()
    assert trash.purge_expired(now)["contact"] == 1


def test_backup_retention_follows_the_setting(db, db_path):
    settings.change("backup_keep_daily", 2)
    settings.change("backup_keep_weekly", 0)
    start = dt.datetime(2026, 11, 2, 8, 0, 0)
    for n in range(6):
        backup.daily_backup(now=start + dt.timedelta(days=n))
    kept = [b.made_at.date() for b in backup.list_backups(db_path) if b.label == "daily"]
    assert kept == [dt.date(2026, 11, 7), dt.date(2026, 11, 6)]


def test_backups_go_to_the_chosen_folder_and_old_ones_stay_found(db, db_path, tmp_path):
    before = backup.make_backup()
    elsewhere = tmp_path / "usb" / "rapport"
    settings.change("backup_folder", str(elsewhere))
    assert settings.backup_folder_setting() == str(elsewhere.resolve())
    after = backup.make_backup()
    assert after.parent == elsewhere.resolve()
    assert {b.path for b in backup.list_backups(db_path)} == {before, after}
    # A damaged database cannot be asked where its backups are: the folder is found without it.
    from desktop.services.session import close_database

    close_database()
    assert backup.latest_good_backup(db_path).path == after
    from desktop.services.session import open_database

    open_database(db_path)
    settings.change("backup_folder", "")
    assert backup.make_backup().parent == db_path.parent / "backups"


def test_a_backup_folder_that_cannot_be_written_is_refused(db, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(backup.BackupError, match="cannot be written"):
        settings.change("backup_folder", str(blocker / "inside"))
    assert settings.backup_folder_setting() == ""
