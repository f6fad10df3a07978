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
