"""Each row says how its number was seen: the provincial guideline 2011 rows are second-hand
(the guideline's own table was not found) and say so, with the cross-check in a citing paper
(Heliyon 9(11):e21241 Table 2) where it has the fuel; the one conflict is marked."""

from __future__ import annotations

from carbonpeak.factors import load_set


def test_provincial_rows_say_the_primary_table_was_not_seen() -> None:
    records = load_set("cn_provincial_guideline_2011").records
    assert records and all(r.note.startswith("PRIMARY NOT SEEN") for r in records)
    assert all(r.status == "SEEN-S" for r in records)
    by_id = {r.id: r for r in records}
    coke = by_id["cn_provincial_guideline_2011/coke/carbon_content"]
    assert "Heliyon" in coke.note and "29.5 (agrees)" in coke.note
    # raw coal oxidation: 0.94 kept (reproduces 1.9003 tCO2/t); the citing paper's 0.98 conflicts
    ox = by_id["cn_provincial_guideline_2011/raw_coal/oxidation"]
    assert ox.value == 0.94 and "CONFLICT" in ox.note and ox.uncertain
    diesel = by_id["cn_provincial_guideline_2011/diesel/carbon_content"]
    assert diesel.value == 20.2 and "20.3: differs" in diesel.note


def test_provincial_rows_carry_the_third_reproduction_and_the_conflicts_stay_open() -> None:
    # '各种能源折标准煤及碳排放参考系数' (max.book118.com/html/2020/1123/8133103033003020.shtm):
    # 原煤 26.37 tC/TJ, 0.94, 1.9003 kg CO2/kg; 柴油 20.2, 0.98, 3.0959 kg CO2/kg; 焦炭 29.5, 0.93;
    # 原油 20.1; 燃料油 21.1; 汽油 18.9; 液化石油气 17.2 (0.98 each); 油田天然气 15.3, 0.99.
    by_id = {r.id: r for r in load_set("cn_provincial_guideline_2011").records}
    published = {
        "raw_coal/carbon_content": 26.37, "raw_coal/oxidation": 0.94, "raw_coal/co2_factor": 1.9003,
        "coke/carbon_content": 29.5, "coke/oxidation": 0.93,
        "crude_oil/carbon_content": 20.1, "fuel_oil/carbon_content": 21.1,
        "gasoline/carbon_content": 18.9, "diesel/carbon_content": 20.2, "lpg/carbon_content": 17.2,
        "natural_gas/carbon_content": 15.3, "natural_gas/oxidation": 0.99,
    }  # fmt: skip
    for key, value in published.items():
        record = by_id[f"cn_provincial_guideline_2011/{key}"]
        assert record.value == value and "book118" in record.note, key
        assert record.note.startswith("PRIMARY NOT SEEN")
    for key in ("raw_coal/oxidation", "diesel/carbon_content"):
        assert "CONFLICT still open" in by_id[f"cn_provincial_guideline_2011/{key}"].note
    # the table's other columns are not the guideline: rows it does not have are not added
    assert "cn_provincial_guideline_2011/kerosene/carbon_content" not in by_id
