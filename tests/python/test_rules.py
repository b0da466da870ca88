"""Loading and layering rule packs; errors carry the C library's details."""

import json

import pytest

import comply

MINIMAL_PACK = {
    "comply_pack": 1,
    "name": "extra",
    "version": "1",
    "taxonomy": {"contact": {"label": {"en": "Contact"}}, "contact.zzq": {"label": {"en": "Zzq"}}},
    "names": {"contact.zzq": {"terms": {"en": ["zzq widget code"]}}},
}


def test_default_rules_have_the_default_pack(rules):
    assert rules.packs == [("default", rules.packs[0][1])]
    assert rules.packs[0][1]


def test_rules_cannot_be_built_directly():
    with pytest.raises(TypeError):
        comply.Rules()


def test_load_reads_a_pack_file(srcdir):
    loaded = comply.Rules.load(srcdir / "rules" / "default.json")
    assert loaded.classify_name("email")["category"] == "contact.email"
    assert comply.Rules.load(str(srcdir / "rules" / "default.json")).packs[0][0] == "default"


def test_load_of_a_missing_file_is_EIO(tmp_path):
    with pytest.raises(comply.Error) as info:
        comply.Rules.load(tmp_path / "missing.json")
    assert info.value.code == "EIO"
    assert info.value.status == 3
    assert "missing.json" in info.value.message


def test_load_rejects_wrong_types():
    with pytest.raises(TypeError):
        comply.Rules.load(None)
    with pytest.raises(TypeError):
        comply.Rules.load(42)


def test_malformed_pack_json_gives_line_and_column():
    with pytest.raises(comply.Error) as info:
        comply.Rules.from_json('{\n  "comply_pack": 1,\n  "name": ,\n}')
    err = info.value
    assert err.code == "EPARSE"
    assert (err.line, err.column) == (3, 11)
    assert err.source == "<json>"
    assert "line 3, column 11" in str(err)


def test_malformed_pack_file_names_the_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"comply_pack": 1,\n "name": "x",\n "version": [}')
    with pytest.raises(comply.Error) as info:
        comply.Rules.load(path)
    assert info.value.code == "EPARSE"
    assert info.value.line == 3
    assert info.value.source.endswith("broken.json")


def test_schema_errors_are_ERULE_with_a_path():
    pack = dict(MINIMAL_PACK, names={"contact.zzq": {"terms": "not a dict"}})
    with pytest.raises(comply.Error) as info:
        comply.Rules.from_json(json.dumps(pack))
    assert info.value.code == "ERULE"
    assert info.value.path.startswith("names")


def test_from_json_hostile_inputs():
    for text in ("", "{}", "[]", b"\xff\xfe", "null", "{" * 10000):
        with pytest.raises(comply.Error) as info:
            comply.Rules.from_json(text)
        assert info.value.code in ("EPARSE", "ERULE", "ELIMIT")
    with pytest.raises(TypeError):
        comply.Rules.from_json(None)
    with pytest.raises(TypeError):
        comply.Rules.from_json(MINIMAL_PACK)


def test_layer_adds_an_overlay(rules):
    base = comply.Rules.default()
    assert base.classify_name("zzq_widget_code")["category"] is None
    extra = comply.Rules.from_json(json.dumps(MINIMAL_PACK))
    assert base.layer(extra) is base
    assert len(base.packs) == 2
    assert base.classify_name("zzq_widget_code")["category"] == "contact.zzq"
    del extra  # the overlay was copied
    assert base.classify_name("zzq_widget_code")["category"] == "contact.zzq"
    # the shared fixture is untouched
    assert rules.classify_name("zzq_widget_code")["category"] is None


def test_layer_keeps_the_overlay_name():
    base = comply.Rules.default().layer(comply.Rules.from_json(json.dumps(MINIMAL_PACK)))
    assert base.packs[1] == ("extra", "1")


def test_add_file_layers_an_overlay_pack(srcdir):
    acme = srcdir / "examples" / "packs" / "acme.json"
    # an overlay refers to default categories: it does not load alone...
    with pytest.raises(comply.Error) as info:
        comply.Rules.load(acme)
    assert info.value.code == "ERULE"
    # ...but layers on the default rules
    rules = comply.Rules.default()
    assert rules.add_file(acme) is rules
    assert rules.packs[-1][0] == "acme-shop"
    loyalty = srcdir / "examples" / "packs" / "loyalty.json"
    rules.add_file(str(loyalty))
    assert rules.classify_name("numero fidelite")["category"] == "identity.loyalty_number"


def test_add_json_is_atomic_and_reports_places():
    rules = comply.Rules.default()
    before = rules.packs
    with pytest.raises(comply.Error) as info:
        rules.add_json('{\n  "comply_pack": 1,\n  "taxonomy": {"x.y": {}}\n}', source="mine.json")
    assert info.value.code == "ERULE" and info.value.source == "mine.json" and info.value.line == 3
    with pytest.raises(comply.Error) as info:
        rules.add_json(b'{"comply_pack": 1,')
    assert info.value.code == "EPARSE" and info.value.line == 1
    assert rules.packs == before
    rules.add_json('{"comply_pack": 1, "name": "empty"}')
    assert rules.packs[-1][0] == "empty"
    with pytest.raises(TypeError):
        rules.add_json(None)
    with pytest.raises(TypeError):
        rules.add_file(None)
    with pytest.raises(comply.Error) as info:
        rules.add_file("/nonexistent/pack.json")
    assert info.value.code == "EIO"


def test_layer_needs_rules(rules):
    with pytest.raises(TypeError):
        comply.Rules.default().layer("default")
    with pytest.raises(TypeError):
        comply.Rules.default().layer(None)


def test_error_is_an_exception_with_all_attributes():
    assert issubclass(comply.Error, Exception)
    with pytest.raises(comply.Error) as info:
        comply.Rules.from_json("{")
    for name in ("code", "status", "message", "line", "column", "source", "path"):
        assert hasattr(info.value, name), name
