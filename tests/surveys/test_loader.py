"""Instrument files are validated on load, with errors that name the file and the field."""

import copy

import pytest
import yaml
from django.core.management import CommandError, call_command

from surveys.engine import InstrumentError, instrument_from_data, instrument_from_file
from surveys.engine.loader import read_file
from surveys.models import Instrument
from surveys.services import INSTRUMENT_DIR, instruments_load

WHO5 = read_file(INSTRUMENT_DIR / "who5.yaml")


def broken(change):
    data = copy.deepcopy(WHO5)
    change(data)
    return data


def error_for(data) -> InstrumentError:
    with pytest.raises(InstrumentError) as caught:
        instrument_from_data(data, source="who5.yaml")
    return caught.value


def test_every_shipped_file_loads_and_names_its_licence_and_source():
    for path in sorted(INSTRUMENT_DIR.glob("*.yaml")):
        instrument = instrument_from_file(path)
        assert instrument.licence and instrument.source
        assert set(instrument.translations) == {"en", "nl", "da"}
        for language, status in instrument.translations.items():
            assert status.get("source") or status.get("note"), f"{path.name}: {language} says nothing of its origin"
            if not status["validated"]:
                assert "portal's own translation" in status["note"]


def test_a_missing_language_names_the_file_and_the_field():
    error = error_for(broken(lambda d: d["items"][2]["text"].pop("da")))
    assert error.source == "who5.yaml"
    assert error.field == "items/2/text"
    assert "'da' is a required property" in str(error)


def test_an_unknown_field_is_refused():
    error = error_for(broken(lambda d: d["items"][0].update(weight=2)))
    assert error.field == "items/0"
    assert "weight" in error.message


def test_a_scale_that_names_an_unknown_item_is_refused():
    error = error_for(broken(lambda d: d["scales"][0]["items"].append("q9")))
    assert error.field == "scales/0/items/5"
    assert "q9" in error.message


def test_a_declared_range_that_the_items_cannot_give_is_refused():
    error = error_for(broken(lambda d: d["scales"][0].update(range=[0, 25])))
    assert error.field == "scales/0/range"
    assert "[0, 100]" in error.message


def test_bands_out_of_order_are_refused():
    error = error_for(broken(lambda d: d["scales"][0]["bands"][2].update({"from": 20})))
    assert error.field == "scales/0/bands/2/from"


def test_a_first_band_above_the_minimum_is_refused():
    error = error_for(broken(lambda d: d["scales"][0]["bands"][0].update({"from": 5})))
    assert error.field == "scales/0/bands/0/from"


def test_an_unknown_answer_scale_is_refused():
    error = error_for(broken(lambda d: d["items"][1].update(answers="likert")))
    assert error.field == "items/1/answers"


def test_a_rule_on_an_unknown_item_is_refused():
    data = broken(
        lambda d: d.update(rules=[{"key": "x", "kind": "crisis", "when": [{"items": ["q7"], "at_least": 1}]}])
    )
    assert error_for(data).field == "rules/0/when/0/items"


def test_a_parameter_outside_its_allowed_range_is_refused():
    with pytest.raises(InstrumentError, match="pcl5.yaml: parameters/cutoff"):
        instrument_from_file(INSTRUMENT_DIR / "pcl5.yaml", parameters={"cutoff": 10})


def test_a_file_that_is_not_yaml_names_the_file(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("key: [unclosed\n", encoding="utf-8")
    with pytest.raises(InstrumentError, match="broken.yaml"):
        instrument_from_file(path)


def test_load_instruments_stores_every_file_once_and_is_idempotent(db):
    Instrument.objects.all().delete()
    call_command("load_instruments", stdout=open("/dev/null", "w"))
    assert sorted(Instrument.objects.values_list("key", flat=True)) == ["cbi", "gad7", "k10", "pcl5", "phq9", "who5"]
    assert set(instruments_load().values()) == {"unchanged"}


def test_one_broken_file_changes_nothing_and_the_command_says_which(db, tmp_path):
    for name in ("who5.yaml", "phq9.yaml"):
        (tmp_path / name).write_text((INSTRUMENT_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    bad = copy.deepcopy(WHO5)
    bad["key"] = "who5-copy"
    del bad["licence"]
    (tmp_path / "who5-copy.yaml").write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    before = list(Instrument.objects.order_by("key").values_list("key", "checksum"))
    with pytest.raises(CommandError, match="who5-copy.yaml.*'licence' is a required property"):
        call_command("load_instruments", directory=tmp_path)
    assert list(Instrument.objects.order_by("key").values_list("key", "checksum")) == before
    assert not Instrument.objects.filter(key="who5-copy").exists()


def test_an_edited_file_updates_its_row(db, tmp_path):
    (tmp_path / "who5.yaml").write_text((INSTRUMENT_DIR / "who5.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    Instrument.objects.all().delete()
    assert instruments_load(directory=tmp_path) == {"who5": "created"}
    changed = copy.deepcopy(WHO5)
    changed["minutes"] = 3
    (tmp_path / "who5.yaml").write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")
    assert instruments_load(directory=tmp_path) == {"who5": "updated"}
    assert Instrument.objects.get(key="who5").definition["minutes"] == 3


def test_a_new_version_of_a_file_keeps_what_the_officer_set_in_the_admin(db, tmp_path):
    (tmp_path / "who5.yaml").write_text((INSTRUMENT_DIR / "who5.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    Instrument.objects.all().delete()
    instruments_load(directory=tmp_path)
    Instrument.objects.filter(key="who5").update(order=7, is_active=False)
    changed = copy.deepcopy(WHO5)
    changed["minutes"], changed["order"] = 3, 99
    (tmp_path / "who5.yaml").write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")
    assert instruments_load(directory=tmp_path) == {"who5": "updated"}
    row = Instrument.objects.get(key="who5")
    assert row.definition["minutes"] == 3
    assert (row.order, row.is_active) == (7, False)


def test_migrate_loads_the_shipped_instruments_so_a_fresh_deployment_offers_them(db):
    # The test database was made by migrate, whose post_migrate hook loaded the files.
    assert Instrument.objects.filter(is_active=True).count() == 6
