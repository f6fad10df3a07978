"""User factor file: fuel,parameter,value,unit,source -> a measured set; all row errors at once."""

from __future__ import annotations

import pytest

from carbonpeak.core.errors import InputError
from carbonpeak.factors import read_user_factors


def test_good_file() -> None:
    text = (
        "fuel,parameter,value,unit,source\n"
        "原煤,ncv,20.908,GJ/t,2023 plant lab report\n"
        "raw_coal,carbon_content,26.37,t/TJ,2023 plant lab report\n"
        "原煤,oxidation,94,%,boiler test\n"
        "coal_output_high_gas,ch4_factor,10,m**3/t,mine survey\n"
    )
    fs = read_user_factors(text, name="lps2023")
    assert [r.fuel for r in fs.records] == [
        "raw_coal",
        "raw_coal",
        "raw_coal",
        "coal_output_high_gas",
    ]
    assert {r.tier for r in fs.records} == {"measured"}
    assert fs.records[1].gas == "C" and fs.records[3].gas == "CH4"
    assert fs.records[0].document == "2023 plant lab report"
    assert fs.records[0].id == "lps2023/row2/raw_coal/ncv"


def test_all_bad_rows_are_reported_at_once() -> None:
    text = (
        "fuel,parameter,value,unit,source\n"
        "木炭,ncv,20,GJ/t,x\n"  # 2: unknown fuel
        "原煤,density,1,t/m**3,x\n"  # 3: unknown parameter
        "原煤,ncv,20,furlongs per fortnight squared,x\n"  # 4: unparsable unit
        "原煤,carbon_content,-3,t/TJ,x\n"  # 5: non-positive
        "原煤,oxidation,120,%,x\n"  # 6: oxidation above 100 %
        "原煤,ncv,20,GJ/t,\n"  # 7: no source
        "柴油,ncv,0,GJ/t,x\n"  # 8: non-positive
        "柴油,ncv,43,GJ/t,x\n"  # 9: fine
    )
    with pytest.raises(InputError) as err:
        read_user_factors(text)
    found = {(p.row, p.field) for p in err.value.problems}
    assert found == {
        (2, "fuel"),
        (3, "parameter"),
        (4, "unit"),
        (5, "value"),
        (6, "value"),
        (7, "source"),
        (8, "value"),
    }
    reasons = {p.row: p.reason for p in err.value.problems}
    assert "unknown fuel '木炭'" in reasons[2]
    assert "must be positive" in reasons[5]
    assert "row 4, unit" in str(err.value)


def test_missing_columns() -> None:
    with pytest.raises(InputError, match="missing columns value, unit"):
        read_user_factors("fuel,parameter,source\n原煤,ncv,x\n")
