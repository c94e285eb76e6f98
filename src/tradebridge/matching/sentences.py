"""The evidence sentence of a suggestion and the names of the score's components, in az, ru
and en through the gettext catalogue, with the locale's money and percentage formats.

>>> facts = MarketFacts("AZE", "RUS", "080510", 2021, 250.0, 0.2011, 5, 0.4, 20.0, 20.0, 1,
...                     True, "synthetic demo world, seed 7")
>>> print(evidence_sentence(facts, "en"))
Russia imported $250 of HS 080510 in 2021 (+20.1%/yr); Azerbaijan supplies 40.0%;
untapped potential $20. Synthetic data: not real statistics.
>>> evidence_sentence(None, "en", reason="no_basket")
'No trade evidence: the two share no product heading.'
"""

from __future__ import annotations

from tradebridge.i18n import N_, language
from tradebridge.matching.scoring import MarketFacts

COMPONENT_NAMES = {
    "hs6": N_("same product (HS6 code), the rarer the better"),
    "hs4": N_("same product group (HS4 heading), the rarer the better"),
    "hs2": N_("same product chapter (HS2)"),
    "text": N_("similar descriptions"),
    "untapped": N_("untapped export potential in the market"),
    "rising_imports": N_("the market's imports are growing"),
    "ease": N_("ease of trade between the two countries"),
    "supplier_intent": N_("the exporter targets this market"),
    "demander_intent": N_("the buyer looks for this sector or supplier country"),
    "certifications": N_("the buyer's required certifications are held"),
}

REASONS = {
    "no_basket": N_("No trade evidence: the two share no product heading."),
    "investor": N_("No importing market: an investor is scored on products, sectors and intent."),
    "no_warehouse": N_("No trade data loaded: the market components are 0."),
}


def component_name(component: str, code: str = "en") -> str:
    """A component's name in language ``code``."""
    return language(code).gettext(COMPONENT_NAMES[component])


def evidence_sentence(facts: MarketFacts | None, code: str = "en", reason: str = "") -> str:
    """The numbers behind a suggestion in one sentence, e.g. "Russia imported $120M of HS 080810
    in 2023 (+8.0%/yr); Azerbaijan supplies 3.0%; untapped potential $20M.", flagged when the
    data is synthetic; without facts, the ``reason`` (a key of ``REASONS``)."""
    lang = language(code)
    if facts is None:
        return lang.gettext(REASONS.get(reason, REASONS["no_basket"]))
    values = {
        "importer": lang.country(facts.importer),
        "exporter": lang.country(facts.exporter),
        "imports": lang.money(facts.imports),
        "product": facts.product,
        "year": facts.year,
        "share": _share(lang, facts.supplier_share),
        "untapped": lang.money(facts.untapped),
    }
    if facts.growth is None:
        text = lang.gettext(
            "{importer} imported {imports} of HS {product} in {year}; {exporter} supplies "
            "{share}; untapped potential {untapped}."
        )
    else:
        sign = "+" if facts.growth >= 0 else ""
        values["growth"] = sign + lang.percent(facts.growth)
        text = lang.gettext(
            "{importer} imported {imports} of HS {product} in {year} ({growth}/yr); {exporter} "
            "supplies {share}; untapped potential {untapped}."
        )
    sentence = text.format(**values)
    if facts.synthetic:
        sentence += " " + lang.gettext("Synthetic data: not real statistics.")
    return sentence


def _share(lang, share: float) -> str:
    """A share as a percentage, ``<0.1%`` rather than a false 0.0 % for a small positive one."""
    if 0 < share < 0.0005:
        return "<" + lang.percent(0.001)
    return lang.percent(share)
