"""scan and redact: spans, character vs byte offsets, styles, hostile text."""

import pytest

import comply

TEXT = "Café : écrivez à jane@example.org ou 06 12 34 56 78, IBAN FR7630006000011234567890189."


def test_scan_finds_spans_with_character_offsets(rules):
    spans = rules.scan(TEXT)
    assert [s.category for s in spans] == ["contact.email", "contact.phone", "financial.iban"]
    assert [TEXT[s.start:s.end] for s in spans] == [
        "jane@example.org", "06 12 34 56 78", "FR7630006000011234567890189"]
    email = spans[0]
    assert isinstance(email, comply.Span)
    assert email.by == "email"
    assert 0.5 <= email.confidence <= 1.0
    assert spans[2].detail == "FR"
    assert tuple(email)[:3] == (email.start, email.end, "contact.email")


def test_scan_of_bytes_gives_byte_offsets(rules):
    data = TEXT.encode()
    spans = rules.scan(data)
    assert [data[s.start:s.end] for s in spans][0] == b"jane@example.org"
    # 3 two-byte characters precede the address: é, é, à
    assert spans[0].start == rules.scan(TEXT)[0].start + 3


def test_scan_offsets_with_astral_characters(rules):
    text = "😀😀 x 😀 jane@example.org 😀 bob@example.com"
    spans = rules.scan(text)
    assert [text[s.start:s.end] for s in spans] == ["jane@example.org", "bob@example.com"]


def test_scan_min_confidence(rules):
    assert rules.scan(TEXT, min_confidence=0) != []
    everything = rules.scan(TEXT, min_confidence=0.0)
    strict = rules.scan(TEXT, min_confidence=1.0)
    assert all(s.confidence >= 1.0 for s in strict)
    assert len(strict) <= len(everything)
    for bad in (-0.1, 1.5, float("nan")):
        with pytest.raises(ValueError):
            rules.scan(TEXT, min_confidence=bad)
    with pytest.raises(TypeError):
        rules.scan(TEXT, min_confidence="high")
    with pytest.raises(TypeError):
        rules.scan(TEXT, 0.5)  # keyword only


def test_scan_negative_and_empty(rules):
    assert rules.scan("") == []
    assert rules.scan(b"") == []
    assert rules.scan("nothing personal here, order 2024-118-7731") == []


def test_scan_wrong_types(rules):
    for bad in (None, 42, ["text"], bytearray(b"jane@example.org")):
        with pytest.raises(TypeError):
            rules.scan(bad)


def test_scan_lone_surrogate_is_a_clear_error(rules):
    with pytest.raises(UnicodeEncodeError):
        rules.scan("jane@example.org \ud800")
    with pytest.raises(UnicodeEncodeError):
        rules.redact("\udfff")


def test_scan_invalid_utf8_bytes_do_not_crash(rules):
    data = b"\xff\xfe mail: jane@example.org \xc3\x28 \xed\xa0\x80"
    spans = rules.scan(data)
    assert [data[s.start:s.end] for s in spans] == [b"jane@example.org"]


def test_scan_huge_text(rules):
    unit = "ticket: call 06 12 34 56 78 or write to jane@example.org. "
    text = unit * 20000  # 1.2 MB
    spans = rules.scan(text)
    assert len(spans) == 40000
    last = spans[-1]
    assert text[last.start:last.end] == "jane@example.org"


def test_redact_styles(rules):
    assert rules.redact(TEXT) == \
        "Café : écrivez à [EMAIL] ou [PHONE], IBAN [IBAN]."
    assert rules.redact(TEXT, style="tag") == rules.redact(TEXT)
    masked = rules.redact(TEXT, style="mask")
    assert "****@*******.***" in masked and "** ** ** ** **" in masked
    assert "jane" not in masked
    partial = rules.redact(TEXT, style="partial")
    assert partial.endswith("***********************0189.")


def test_redact_bytes_returns_bytes(rules):
    out = rules.redact(TEXT.encode())
    assert isinstance(out, bytes)
    assert out.decode() == rules.redact(TEXT)
    assert rules.redact(b"\xff jane@example.org") == b"\xff [EMAIL]"


def test_redact_negative_cases(rules):
    assert rules.redact("") == ""
    assert rules.redact("nothing to hide") == "nothing to hide"
    with pytest.raises(ValueError):
        rules.redact(TEXT, style="bold")
    with pytest.raises(TypeError):
        rules.redact(None)
    with pytest.raises(TypeError):
        rules.redact(TEXT, style=None)


def test_redact_huge_text(rules):
    text = "write to jane@example.org. " * 50000
    assert rules.redact(text) == "write to [EMAIL]. " * 50000
