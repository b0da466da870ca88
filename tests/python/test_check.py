"""check() of collection declarations and the Report it returns."""

import json

import pytest

import comply

FINDING_KEYS = {"code", "severity", "gap", "field", "category", "path", "line", "column", "article",
                "message_en", "message_fr", "fix_en", "fix_fr"}


@pytest.fixture
def collections(srcdir):
    return srcdir / "examples" / "collections"


def test_a_compliant_declaration_has_no_findings(rules, collections):
    text = (collections / "newsletter_ok.json").read_text()
    report = rules.check(text, source="newsletter_ok.json")
    assert len(report) == 0
    assert report.findings == []
    assert report.purpose == "newsletter"
    assert report.source == "newsletter_ok.json"
    # the same declaration as a dict
    assert len(rules.check(json.loads(text))) == 0


def test_findings_are_dicts_with_places(rules, collections):
    report = rules.check((collections / "signup_findings.json").read_bytes())
    findings = report.findings
    assert len(findings) == len(report) > 0
    assert all(set(f) == FINDING_KEYS for f in findings)
    religion = [f for f in findings if f["field"] == "religion" and f["code"] == "category-forbidden"]
    assert religion and religion[0]["line"] == 9 and religion[0]["severity"] == "error"
    assert isinstance(religion[0]["gap"], bool)
    assert religion[0]["message_en"] and religion[0]["message_fr"]


def test_report_as_json_and_sarif(rules, collections):
    report = rules.check((collections / "signup_findings.json").read_text())
    as_json = json.loads(report.to_json())
    assert as_json["purpose"] == "newsletter"
    assert len(as_json["findings"]) + len(as_json["gaps"]) == len(report)
    sarif = json.loads(report.to_sarif())
    assert sarif["version"] == "2.1.0"
    assert len(sarif["runs"][0]["results"]) == len(report)
    french = json.loads(report.to_sarif(lang="fr"))
    assert french["runs"][0]["results"][0]["message"] != sarif["runs"][0]["results"][0]["message"]
    assert "error" in report.to_text().lower()


def test_report_outlives_its_rules(collections):
    report = comply.Rules.default().check((collections / "signup_findings.json").read_text())
    assert report.findings[0]["code"]


def test_purpose_argument_overrides(rules):
    decl = {"legal_basis": "consent", "fields": [{"name": "email", "category": "contact.email"}]}
    assert rules.check(decl, purpose="newsletter").purpose == "newsletter"


def test_check_errors(rules):
    with pytest.raises(comply.Error) as info:
        rules.check('{\n  "purpose": "newsletter",\n  "fields": [\n}')
    assert info.value.code == "EPARSE"
    assert info.value.line == 4
    assert info.value.column == 1
    with pytest.raises(comply.Error) as info:
        rules.check("")
    assert info.value.code == "EPARSE"
    with pytest.raises(comply.Error):
        rules.check(b"\xff\xfe")
    with pytest.raises(comply.Error):
        rules.check({"purpose": "newsletter", "fields": "email"})
    with pytest.raises(TypeError):
        rules.check(None)
    with pytest.raises(TypeError):
        rules.check(["purpose"])
    with pytest.raises(TypeError):
        rules.check({"purpose": object()})  # not JSON-serialisable
    with pytest.raises(TypeError):
        rules.check("{}", purpose=1)
