"""A synthetic registry consistent with the warehouse (normally the demo world), written in the
registry's import format (CSV, every row ``synthetic=yes``).

- **Exporters**: Azerbaijani producers in the sectors the agency promotes (``PROMOTED``), each
  offering 1-3 HS6 products that Azerbaijan exports in the warehouse's latest year, drawn in
  proportion to the export value (mostly within one HS4 heading); current markets are the
  countries buying those products from Azerbaijan, target markets the agency's priorities.
- **Buyers** and distributors in Russia, Kazakhstan, China, Türkiye and Eastern Europe, each
  seeking 1-3 of the products those exporters offer that its country imports (drawn in
  proportion to its imports; any promoted product it imports when it imports none of them).
- **Investors** from a few investing countries, with 1-2 promoted sectors and Azerbaijan as target;
  a few service providers and associations.

Names, cities and contacts are made up from short word lists (contacts use the reserved
``.example`` domain and 555 numbers); nothing is tuned to look like a real company.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tradebridge.errors import BadInput
from tradebridge.matching.profiles import SIZE_BANDS

COLUMNS = (
    "ref kind name_en name_az name_ru country city sectors products_offered products_sought "
    "description_en description_az description_ru certifications certifications_required "
    "current_markets target_markets size_band contact_name contact_role contact_email "
    "contact_phone contact_public brand brand_since status synthetic"
).split()
HOME = "AZE"
PROMOTED = (
    "fresh_fruit_vegetables",
    "processed_food_beverages",
    "other_agriculture",
    "textiles_apparel",
    "chemicals_petrochemicals",
    "plastics_rubber",
    "construction_materials",
    "furniture_wood",
)
BUYER_COUNTRIES = {"RUS": 6, "KAZ": 3, "CHN": 3, "TUR": 3, "POL": 1, "ROU": 1, "BGR": 1, "HUN": 1}
BUYER_COUNTRIES |= {"CZE": 1, "SVK": 1, "UKR": 1, "BLR": 1, "MDA": 1}
INVESTOR_COUNTRIES = ("TUR", "RUS", "CHN", "ARE", "DEU", "GBR", "KAZ", "ITA")
SHARES = {"exporter": 0.45, "buyer": 0.40, "investor": 0.08, "service": 0.04, "association": 0.03}
FOOD = ("fresh_fruit_vegetables", "processed_food_beverages", "other_agriculture")
FOOD_CERTS = ("haccp", "iso22000", "halal", "globalgap", "organic", "fssc22000", "brc")
OTHER_CERTS = ("iso9001", "iso14001", "ce")

# (en, az, ru) city names
CITIES = {
    "AZE": [
        ("Baku", "Bakı", "Баку"),
        ("Ganja", "Gəncə", "Гянджа"),
        ("Sheki", "Şəki", "Шеки"),
        ("Quba", "Quba", "Губа"),
        ("Lankaran", "Lənkəran", "Ленкорань"),
        ("Sumgait", "Sumqayıt", "Сумгаит"),
        ("Shamakhi", "Şamaxı", "Шемаха"),
    ],
    "RUS": [
        ("Moscow", "Moskva", "Москва"),
        ("Saint Petersburg", "Sankt-Peterburq", "Санкт-Петербург"),
        ("Kazan", "Kazan", "Казань"),
        ("Rostov-on-Don", "Rostov", "Ростов-на-Дону"),
        ("Yekaterinburg", "Yekaterinburq", "Екатеринбург"),
    ],
    "KAZ": [
        ("Almaty", "Almatı", "Алматы"),
        ("Astana", "Astana", "Астана"),
        ("Shymkent", "Şımkənd", "Шымкент"),
    ],
    "CHN": [
        ("Shanghai", "Şanxay", "Шанхай"),
        ("Urumqi", "Urumçi", "Урумчи"),
        ("Guangzhou", "Quançjou", "Гуанчжоу"),
    ],
    "TUR": [
        ("Istanbul", "İstanbul", "Стамбул"),
        ("Izmir", "İzmir", "Измир"),
        ("Mersin", "Mersin", "Мерсин"),
    ],
}
FORMS = {
    "AZE": ("LLC", "MMC", "ООО"),
    "RUS": ("LLC", "MMC", "ООО"),
    "KAZ": ("LLP", "MMŞ", "ТОО"),
    "CHN": ("Co., Ltd.", "MMC", "Ко., Лтд."),
    "TUR": ("Ltd. Şti.", "MMC", "Лтд."),
    "POL": ("Sp. z o.o.",) * 3,
    "ROU": ("SRL",) * 3,
    "MDA": ("SRL",) * 3,
    "CZE": ("s.r.o.",) * 3,
    "SVK": ("s.r.o.",) * 3,
    "HUN": ("Kft.",) * 3,
    "BGR": ("OOD",) * 3,
    "UKR": ("LLC", "MMC", "ТОВ"),
    "BLR": ("LLC", "MMC", "ООО"),
}
NAME_WORDS = [
    ("Green Valley", "Yaşıl Vadi", "Зелёная Долина"),
    ("Caspian", "Xəzər", "Каспий"),
    ("Silk Road", "İpək Yolu", "Шёлковый Путь"),
    ("Golden Field", "Qızıl Tarla", "Золотое Поле"),
    ("Sunrise", "Günəş", "Восход"),
    ("Mountain", "Dağ", "Горный"),
    ("Orchard", "Bağ", "Сад"),
    ("Unity", "Birlik", "Единство"),
    ("Atlas", "Atlas", "Атлас"),
    ("Nova", "Nova", "Нова"),
    ("Delta", "Delta", "Дельта"),
]
TRADE_WORDS = [
    ("Trade", "Ticarət", "Трейд"),
    ("Import", "İdxal", "Импорт"),
    ("Distribution", "Distribusiya", "Дистрибуция"),
    ("Foods", "Qida", "Продукты"),
    ("Supply", "Təchizat", "Снабжение"),
]
FIRST = [
    "Aysel",
    "Rashad",
    "Leyla",
    "Elvin",
    "Nigar",
    "Tural",
    "Anna",
    "Dmitry",
    "Aigerim",
    "Wei",
    "Elif",
    "Marek",
    "Ioana",
]
LAST = [
    "Mammadova",
    "Aliyev",
    "Huseynova",
    "Guliyev",
    "Ivanova",
    "Petrov",
    "Nurlanova",
    "Zhang",
    "Yilmaz",
    "Nowak",
    "Popescu",
]


def generate(workspace: Any, out: Path, *, seed: int = 7, size: int = 400) -> dict[str, int]:
    """Write the demo registry to ``out`` (atomically); the number of rows of each kind."""
    from tradebridge.atomic import write_text

    if size < 10:
        raise BadInput(f"must be at least 10, got {size}", field="size")
    rows = registry_rows(workspace, seed=seed, size=size)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_text(out, buffer.getvalue())
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["kind"]] = counts.get(row["kind"], 0) + 1
    return counts


def _trade(workspace: Any) -> tuple[int, pd.DataFrame, pd.DataFrame]:
    """The year, Azerbaijan's exports by (importer, product) in the promoted sectors, and the
    buyer countries' imports of those products by (importer, product)."""
    from tradebridge.reference.sectors import sector_map

    year = workspace.warehouse.default_year()
    flows = workspace.flows()
    own = flows.filter((flows.year == year) & (flows.exporter == HOME)).execute()
    sectors = sector_map(own["product"].unique())
    own = own.merge(sectors, on="product")
    own = own[own["sector"].isin(PROMOTED) & (own["value"] > 0)]
    if own.empty:
        raise BadInput(
            f"the warehouse holds no exports of {HOME} in {year} in the promoted sectors"
        )
    products = sorted(own["product"].unique())
    imports = flows.filter(
        (flows.year == year)
        & flows.importer.isin(list(BUYER_COUNTRIES))
        & flows.product.isin(products)
    )
    imports = imports.group_by(["importer", "product"]).aggregate(value=imports.value.sum())
    imported = imports.execute().merge(sectors, on="product")
    return year, own, imported[imported["value"] > 0]


class _Maker:
    def __init__(self, workspace: Any, seed: int) -> None:
        from tradebridge.i18n import language

        self.rng = np.random.default_rng(seed)
        self.year, self.exports, self.imports = _trade(workspace)
        self.az, self.ru, self.en = language("az"), language("ru"), language("en")
        self.n = 0
        self.offered: set[str] = set()

    def pick(self, items: list, weights: Any = None) -> Any:
        p = None if weights is None else np.asarray(weights, float) / np.sum(weights)
        return items[self.rng.choice(len(items), p=p)]

    def products(self, table: pd.DataFrame) -> list[str]:
        """1-3 products of ``table`` (product, value), by value, the later ones preferably in
        the first one's HS4 heading."""
        by_product = table.groupby("product")["value"].sum()
        first = self.pick(list(by_product.index), by_product.to_numpy())
        chosen = [first]
        for _ in range(int(self.rng.integers(0, 3))):
            near = by_product[by_product.index.str[:4] == first[:4]].drop(chosen, errors="ignore")
            pool = near if len(near) and self.rng.random() < 0.7 else by_product.drop(chosen)
            if len(pool):
                chosen.append(self.pick(list(pool.index), pool.to_numpy()))
        return sorted(chosen)

    def names(self, country: str, words: tuple[str, str, str]) -> tuple[str, str, str]:
        base = self.pick(NAME_WORDS)
        form = FORMS.get(country, ("Ltd.",) * 3)
        return tuple(f"{b} {w} {f}" for b, w, f in zip(base, words, form, strict=True))

    def city(self, country: str) -> tuple[str, str, str]:
        options = CITIES.get(country)
        if not options:
            name = self.en.country(country)
            return (name, self.az.country(country), self.ru.country(country))
        return self.pick(options)

    def contact(self, country: str, slug: str) -> dict[str, str]:
        phone = f"+{self.rng.integers(10, 999)} 555 {self.rng.integers(100, 999)} {self.n:04d}"
        return {
            "contact_name": f"{self.pick(FIRST)} {self.pick(LAST)}",
            "contact_role": self.pick(["Export manager", "Director", "Sales manager"]),
            "contact_email": f"info@{slug}.example",
            "contact_phone": phone,
            "contact_public": "yes" if self.rng.random() < 0.5 else "no",
        }

    def row(self, kind: str, country: str, names: tuple[str, str, str], **fields: Any) -> dict:
        self.n += 1
        slug = "".join(c for c in names[0].lower() if c.isalnum())[:24] + str(self.n)
        city = self.city(country)
        out = dict.fromkeys(COLUMNS, "")
        out.update(
            ref=f"DEMO-{self.n:05d}",
            kind=kind,
            name_en=names[0],
            name_az=names[1] if country == HOME else "",
            name_ru=names[2] if country in ("AZE", "RUS", "KAZ", "BLR", "UKR") else "",
            country=country,
            city=city[0],
            size_band=self.pick(list(SIZE_BANDS), [3, 4, 2, 1]),
            status="verified" if self.rng.random() < 0.7 else "draft",
            synthetic="yes",
            **self.contact(country, slug),
        )
        out.update(
            {k: ";".join(sorted(v)) if isinstance(v, set | list) else v for k, v in fields.items()}
        )
        return out

    def certs(self, sector: str, most: int) -> set[str]:
        pool = FOOD_CERTS if sector in FOOD else OTHER_CERTS
        return set(self.rng.choice(pool, size=int(self.rng.integers(0, most + 1)), replace=False))

    def describe(self, lead: tuple[str, str, str], sector: str, products: list[str]) -> dict:
        from tradebridge.reference.hs import name_of

        items = "; ".join(name_of(k).lower() for k in products)
        return {
            "description_en": f"{lead[0]} ({self.en.sector(sector).lower()}): {items}.",
            "description_az": f"{lead[1]}: {self.az.sector(sector).lower()}.",
            "description_ru": f"{lead[2]}: {self.ru.sector(sector).lower()}.",
        }

    def exporter(self) -> dict:
        value = self.exports.groupby("sector")["value"].sum()
        sector = self.pick(list(value.index), np.sqrt(value.to_numpy()))
        products = self.products(self.exports[self.exports["sector"] == sector])
        self.offered.update(products)
        sold = self.exports[self.exports["product"].isin(products)]
        markets = sold.groupby("importer")["value"].sum().sort_values(ascending=False)
        current = [m for m in markets.index[:3] if len(m) == 3 and not m.startswith("X")]
        priorities = [c for c in BUYER_COUNTRIES if c not in current]
        targets = self.rng.choice(priorities, size=int(self.rng.integers(1, 4)), replace=False)
        branded = self.rng.random() < 0.4
        since = f"{self.rng.integers(2019, 2026)}-{self.rng.integers(1, 13):02d}-01"
        word = self.pick(
            [
                ("Agro", "Aqro", "Агро"),
                ("Industries", "Sənaye", "Индастриз"),
                ("Products", "Məhsulları", "Продактс"),
            ]
        )
        return self.row(
            "exporter",
            HOME,
            self.names(HOME, word),
            sectors={sector},
            products_offered=products,
            certifications=self.certs(sector, 3),
            current_markets=current,
            target_markets=list(targets),
            brand="Made in Azerbaijan" if branded else "",
            brand_since=since if branded else "",
            **self.describe(
                ("Producer and exporter", "İstehsalçı və ixracatçı", "Производитель и экспортёр"),
                sector,
                products,
            ),
        )

    def buyer(self) -> dict:
        countries = [c for c in BUYER_COUNTRIES if c in set(self.imports["importer"])]
        if not countries:
            raise BadInput("no buyer country imports the promoted products in the warehouse")
        country = self.pick(countries, [BUYER_COUNTRIES[c] for c in countries])
        mine = self.imports[self.imports["importer"] == country]
        offered = mine[mine["product"].isin(self.offered)]
        mine = offered if len(offered) else mine
        products = self.products(mine)
        sectors = set(mine.loc[mine["product"].isin(products), "sector"])
        suppliers = {HOME} if self.rng.random() < 0.5 else set()
        return self.row(
            "buyer",
            country,
            self.names(country, self.pick(TRADE_WORDS)),
            sectors=sectors,
            products_sought=products,
            certifications_required=self.certs(sorted(sectors)[0], 2),
            target_markets=suppliers,
            **self.describe(
                ("Importer and distributor", "İdxalçı və distribyutor", "Импортёр и дистрибьютор"),
                sorted(sectors)[0],
                products,
            ),
        )

    def investor(self) -> dict:
        country = self.pick(list(INVESTOR_COUNTRIES))
        sectors = set(self.rng.choice(PROMOTED, size=int(self.rng.integers(1, 3)), replace=False))
        word = self.pick([("Capital", "Kapital", "Капитал"), ("Invest", "İnvest", "Инвест")])
        sector = sorted(sectors)[0]
        return self.row(
            "investor",
            country,
            self.names(country, word),
            sectors=sectors,
            target_markets={HOME},
            description_en=f"Investor in {self.en.sector(sector).lower()}.",
            description_az=f"İnvestor: {self.az.sector(sector).lower()}.",
            description_ru=f"Инвестор: {self.ru.sector(sector).lower()}.",
        )

    def other(self, kind: str) -> dict:
        words = {
            "service": ("Logistics", "Logistika", "Логистика"),
            "association": (
                "Exporters Association",
                "İxracatçılar Assosiasiyası",
                "Ассоциация экспортёров",
            ),
        }[kind]
        sector = self.pick(list(PROMOTED))
        return self.row(kind, HOME, self.names(HOME, words), sectors={sector})


def registry_rows(workspace: Any, *, seed: int = 7, size: int = 400) -> list[dict[str, str]]:
    """The rows of the demo registry (see the module docstring), in the import columns."""
    maker = _Maker(workspace, seed)
    counts = {kind: max(1, int(round(size * share))) for kind, share in SHARES.items()}
    counts["exporter"] += size - sum(counts.values())
    rows = [maker.exporter() for _ in range(counts["exporter"])]
    rows += [maker.buyer() for _ in range(counts["buyer"])]
    rows += [maker.investor() for _ in range(counts["investor"])]
    rows += [maker.other(kind) for kind in ("service", "association") for _ in range(counts[kind])]
    return rows
