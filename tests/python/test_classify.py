"""classify_name, classify_value and classify_column."""

import pytest

import comply

KEYS = {"category", "confidence", "by", "detail", "lang"}


def test_classify_name_finds_categories(rules):
    email = rules.classify_name("email")
    assert set(email) == KEYS
    assert email["category"] == "contact.email"
    assert 0.5 < email["confidence"] <= 1.0
    assert rules.classify_name("date_de_naissance")["category"] == "identity.birth_date"


def test_classify_name_without_match(rules):
    for name in ("", "zzqx", "x" * 1000):
        result = rules.classify_name(name)
        assert result["category"] is None
        assert result["confidence"] == 0.0


def test_classify_name_rejects_wrong_types_and_nul(rules):
    for bad in (None, b"email", 3, ["email"]):
        with pytest.raises(TypeError):
            rules.classify_name(bad)
    with pytest.raises(ValueError):
        rules.classify_name("em\0ail")


def test_classify_value_recognises_values(rules):
    assert rules.classify_value("jane@example.org")["category"] == "contact.email"
    card = rules.classify_value("4970 1012 3456 7893")
    assert card["category"] == "financial.payment_card"
    assert card["detail"] == "visa"
    iban = rules.classify_value(b"FR7630006000011234567890189")
    assert iban["category"] == "financial.iban"
    assert iban["detail"] == "FR"


def test_classify_value_negative_and_hostile(rules):
    # a card number failing the Luhn check is not a card
    for value in ("", "hello", b"\xff\xfe\xfd", "x" * 100000, "4970 1012 3456 7894"):
        result = rules.classify_value(value)
        assert result["category"] is None, value[:20]
        assert result["confidence"] == 0.0
    with pytest.raises(TypeError):
        rules.classify_value(None)
    with pytest.raises(TypeError):
        rules.classify_value(12)


def test_classify_column_combines_name_and_values(rules):
    result = rules.classify_column("contact", ["a@example.org", "b@example.com", None, "", "c@example.net"])
    assert result["category"] == "contact.email"
    evidence = result["evidence"]
    assert evidence["sampled"] == 5
    assert evidence["empty"] == 2
    assert evidence["matched"] == 3
    assert evidence["distinct"] == 3
    assert evidence["values"]["category"] == "contact.email"


def test_classify_column_disagreement_is_reported(rules):
    result = rules.classify_column("email", ["06 12 34 56 78", "07 98 76 54 32", "06 11 22 33 44"])
    assert result["evidence"]["agreement"] == -1


def test_classify_column_accepts_any_sequence(rules):
    values = ("a@example.org", b"b@example.org")
    assert rules.classify_column("x", values)["evidence"]["matched"] == 2
    assert rules.classify_column("x", iter(values))["evidence"]["sampled"] == 2
    assert rules.classify_column("email", [])["category"] == "contact.email"


def test_classify_column_rejects_wrong_types(rules):
    with pytest.raises(TypeError):
        rules.classify_column("x", "a@example.org")
    with pytest.raises(TypeError):
        rules.classify_column("x", [1, 2])
    with pytest.raises(TypeError):
        rules.classify_column("x", None)
    with pytest.raises(TypeError):
        rules.classify_column(None, [])
    with pytest.raises(TypeError):
        rules.classify_column("x")
