"""Dates, durations and retention deadlines."""

import datetime

import pytest

import comply


def test_duration_parse_and_str():
    d = comply.Duration.parse("P1Y6M")
    assert (d.years, d.months, d.weeks, d.days, d.hours, d.minutes, d.seconds) == (1, 6, 0, 0, 0, 0, 0)
    assert str(d) == "P1Y6M"
    assert d == comply.Duration(years=1, months=6)
    assert hash(d) == hash(comply.Duration.parse("P1Y6M"))
    assert str(comply.Duration.parse("PT12H")) == "PT12H"
    assert "P1Y6M" in repr(d)


def test_duration_parse_errors():
    for text in ("", "P", "1Y", "P1X", "P-1Y", "PT", "P99999999999999Y"):
        with pytest.raises(comply.Error) as info:
            comply.Duration.parse(text)
        assert info.value.code in ("EPARSE", "ERANGE"), text
    with pytest.raises(comply.Error) as info:
        comply.Duration.parse("P1X")
    assert info.value.column == 3
    with pytest.raises(TypeError):
        comply.Duration.parse(None)
    with pytest.raises(TypeError):
        comply.Duration(years="1")


def test_date_add():
    assert comply.date_add("2024-01-31", "P1M") == datetime.date(2024, 2, 29)
    assert comply.date_add(datetime.date(2023, 1, 31), comply.Duration.parse("P1M")) == datetime.date(2023, 2, 28)
    assert comply.date_add(datetime.datetime(2020, 2, 29, 12, 0), "P1Y") == datetime.date(2021, 2, 28)
    assert comply.date_add("2024-03-01", "P3Y") == datetime.date(2027, 3, 1)


def test_date_add_errors():
    with pytest.raises(comply.Error) as info:
        comply.date_add("9999-12-31", "P1D")
    assert info.value.code == "ERANGE"
    for bad_date in ("2024-02-30", "2024-13-01", "24-01-01", "", "2024-01-01x"):
        with pytest.raises(comply.Error) as info:
            comply.date_add(bad_date, "P1D")
        assert info.value.code == "EPARSE", bad_date
    with pytest.raises(comply.Error):
        comply.date_add("2024-01-01", "one day")
    with pytest.raises(TypeError):
        comply.date_add(20240101, "P1D")
    with pytest.raises(TypeError):
        comply.date_add("2024-01-01", 1)
    with pytest.raises(TypeError):
        comply.date_add(None, "P1D")


def test_rights_deadline():
    # 28 February 2026 is a Saturday: the month ends on the next working day.
    assert comply.rights_deadline("2026-01-31") == datetime.date(2026, 3, 2)
    # 8 May (Victory in Europe Day) is a public holiday in France.
    assert comply.rights_deadline(datetime.date(2026, 4, 8)) == datetime.date(2026, 5, 11)
    assert comply.rights_deadline("2026-01-15") == datetime.date(2026, 2, 16)
    assert comply.rights_deadline("2026-01-14", extended=True) == datetime.date(2026, 4, 14)
    assert comply.rights_deadline("2026-01-14", extended=False) == datetime.date(2026, 2, 16)


def test_rights_deadline_errors():
    with pytest.raises(comply.Error) as info:
        comply.rights_deadline("9999-12-15")
    assert info.value.code == "ERANGE"
    with pytest.raises(comply.Error) as info:
        comply.rights_deadline("2026-02-30")
    assert info.value.code == "EPARSE"
    with pytest.raises(TypeError):
        comply.rights_deadline(20260101)
    with pytest.raises(TypeError):
        comply.rights_deadline("2026-01-01", True)


def test_holiday_fr():
    assert comply.holiday_fr("2026-05-25") == "Whit Monday"
    assert comply.holiday_fr("2026-05-25", lang="fr") is not None
    assert comply.holiday_fr("2026-05-26") is None
    assert comply.holiday_fr(datetime.date(2024, 4, 1)) is not None  # Easter Monday 2024
    with pytest.raises(TypeError):
        comply.holiday_fr(None)


DEADLINE_KEYS = {"stage", "next_date", "next_action", "final_date", "final_action", "rule", "source",
                 "basis", "missing_event", "other_rules"}


def test_deadline_of_a_prospect(rules):
    # CNIL: prospects' data are kept 3 years from collection (rule crm.prospect)
    d = rules.deadline(purpose="newsletter", category="contact.email",
                       events={"collection": "2023-02-16"}, today="2025-01-01")
    assert set(d) == DEADLINE_KEYS
    assert d["stage"] == "active"
    assert d["rule"] == "crm.prospect"
    assert d["next_date"] == datetime.date(2026, 2, 16)
    assert d["next_action"] == "delete"
    assert d["basis"] == "cnil"
    later = rules.deadline(purpose="newsletter", category="contact.email",
                           events={"collection": datetime.date(2023, 2, 16)}, today=datetime.date(2026, 3, 1))
    assert later["stage"] == "delete_due"


def test_deadline_missing_event_is_unknown(rules):
    d = rules.deadline(purpose="newsletter", category="contact.email", today="2025-01-01")
    assert d["stage"] == "unknown"
    assert d["missing_event"] == "collection"
    assert d["next_date"] is None


def test_deadline_defaults_today(rules):
    d = rules.deadline(purpose="newsletter", category="contact.email", events={"collection": "2000-01-01"})
    assert d["stage"] == "delete_due"


def test_deadline_errors(rules):
    with pytest.raises(comply.Error) as info:
        rules.deadline(purpose="no_such_purpose")
    assert info.value.code == "ENOTFOUND"
    with pytest.raises(comply.Error) as info:
        rules.deadline(purpose="newsletter", category="no.such.category")
    assert info.value.code == "ENOTFOUND"
    with pytest.raises(comply.Error) as info:
        rules.deadline(purpose="newsletter", events={"collection": "2023-02-30"})
    assert info.value.code == "EPARSE"
    with pytest.raises(comply.Error):
        rules.deadline(purpose="newsletter", today="yesterday")
    with pytest.raises(TypeError):
        rules.deadline(purpose="newsletter", events=[("collection", "2023-01-01")])
    with pytest.raises(TypeError):
        rules.deadline(purpose="newsletter", events={1: "2023-01-01"})
    with pytest.raises(TypeError):
        rules.deadline(purpose="newsletter", events={"collection": 2023})
    with pytest.raises(TypeError):
        rules.deadline(purpose=3)


def test_due_lists_every_record_that_is_not_active(rules):
    records = [
        {"collection": "2020-05-01"},   # due
        {"collection": "2025-05-01"},   # active
        {},                             # unknown: never guessed
        {"collection": datetime.date(2021, 1, 1)},  # due
    ]
    due = rules.due(records, purpose="newsletter", category="contact.email", today="2025-06-01")
    assert [entry["index"] for entry in due] == [0, 2, 3]
    assert [entry["deadline"]["stage"] for entry in due] == ["delete_due", "unknown", "delete_due"]
    assert due[1]["deadline"]["missing_event"] == "collection"
    assert due[0]["deadline"]["next_date"] == datetime.date(2023, 5, 1)
    assert rules.due([], purpose="newsletter", today="2025-06-01") == []
    assert rules.due(iter(records), purpose="newsletter", category="contact.email", today="2025-06-01") == due


def test_due_errors(rules):
    with pytest.raises(TypeError):
        rules.due(None, purpose="newsletter")
    with pytest.raises(TypeError):
        rules.due(["2020-01-01"], purpose="newsletter")
    with pytest.raises(TypeError):
        rules.due([{"collection": "2020-01-01"}, None], purpose="newsletter")
    with pytest.raises(comply.Error) as info:
        rules.due([{"collection": "2020-01-01"}], purpose="nope")
    assert info.value.code == "ENOTFOUND"
    with pytest.raises(comply.Error):
        rules.due([{"collection": "2020-01-01"}, {"collection": "bad"}], purpose="newsletter")
