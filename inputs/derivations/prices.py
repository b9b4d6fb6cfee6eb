"""Domestic benchmark prices, all on one tax basis: net of VAT (idempotent).

Run from the repository root: ``.venv/bin/python inputs/derivations/prices.py`` (first in the
chain: the other scripts import the net prices from here).

Chinese spot quotes for metals, salts and products are VAT-inclusive (含税) unless marked
otherwise: SHFE copper is the tax-included domestic market [SHFE-VAT]; Fastmarkets and SMM
state lithium carbonate "VAT included" and net it by dividing by 1.13 [LI-VAT]; Tangshan
billet is quoted incl. 13 % VAT [MYSTEEL-BILLET]; steel scrap (HMS) incl. 3 % VAT [R80]. Scrap
bought from collectors and individuals is usually quoted without an invoice: that quote is
already net. Every price in the package is therefore net of VAT: a VAT-inclusive quote is
divided by 1 + its rate (13 % on goods since April 2019 [T18]).

Why one basis matters: mixing VAT-inclusive product prices with ex-tax scrap prices overstates
a processor's margin by ~11.5 % of the product price. On the net basis VAT passes through a
general taxpayer (it collects VAT on its sales and deducts what it was invoiced; an uninvoiced
purchase is net already), so VAT is not a cost term of the model. The recyclers' regime
(the 3 % simple method for licensed recyclers from March 2022, MOF & STA Ann. 2021 No. 40
[VAT-2021-40]; reverse invoicing from April 2024) acts through the invoice cost already inside
the scrap quotes. What is not neutral is the refund on collection (即征即退) of the VAT on
catalogue products made from recycled resources: ``vat_refund_share`` (30 % for steelmaking
charge from scrap steel [BIGMINT-SCRAP-VAT]; 30 % for metals recovered from waste machinery in
the 2015 catalogue [GTA-VAT2015], assumed unchanged in 2022 for recycled copper, aluminium and
the battery salts whose recovery conditions the 2022 catalogue sets [SMM-BATTERY-VAT]).

Copper scrap: SMM's tax-adjusted spread between cathode and bare-bright scrap was 1,500-2,200
CNY/t in 2025 [SMM-CU-SPREAD] (Feb 2025: SHFE 76,820, bare bright 70,400-70,600 without
invoice, spread 1,715): on the net basis bare bright = cathode net - the spread.
"""

from __future__ import annotations

from _tables import YEARS, rewrite

VAT = 0.13      # VAT on goods, China, since April 2019 [T18]
VAT_HMS = 0.03  # the rate included in SteelOrbis's HMS quotes [R80]


def net(price: float, vat: float = VAT) -> float:
    """A VAT-inclusive quote net of VAT, rounded to 10 CNY."""
    return round(price / (1 + vat), -1)


# --- quotes as published (CNY/t, VAT-inclusive unless stated) --------------------------------
CATHODE_Q = 79000      # SHFE copper cathode ~79,000-80,000, Mar-Jul 2025 [R82]
A00_Q = 21200          # A00 aluminium, Oct 2025 [R81]
# ADC12-type alloy: SMM spot 530-830 below A00 in June 2025 and ~230 below in August
# [SMM-ADC12-2025] (issue 16: ~1,500 below before, an unsourced spread)
ADC12_Q = A00_Q - 500
LCE_Q = 75000          # battery-grade Li2CO3 (memo default; 60-160 k band) [R79]
HMS_Q = 2250           # HMS >6 mm, Tianjin 2,245-2,285 / Handan 2,235-2,320, incl. 3 % VAT [R80]
# End-of-life LFP battery black mass, CNY per 1 % Li per t: SMM 2,450-2,650 on 2025-09-12
# (pole-piece black mass 2,700-2,950; Fastmarkets 2,800-3,000 in mid-November) [SMM-BM-2025]
# [R83] (basis as Li2CO3); 2,800, the pole-piece level, was used before
BM_LFP_PER_LI = 2550

# --- on the net basis ------------------------------------------------------------------------
CATHODE = net(CATHODE_Q)          # 69,910
ADC12 = net(ADC12_Q)              # 18,320
LCE = net(LCE_Q)                  # 66,370
HMS = net(HMS_Q, VAT_HMS)         # 2,180
BM_LFP = net(BM_LFP_PER_LI * 2.8)  # 2.8 % Li
# SMM's cathode-scrap spread 1,532 / 1,715 / 2,161 CNY/t (Feb-Jul 2025) compares tax-inclusive
# cathode with uninvoiced scrap: net of VAT ~1,360-1,910 (/1.13) [SMM-CU-SPREAD]
CU_SPREAD = 1600
BARE_BRIGHT = CATHODE - CU_SPREAD  # 68,060
# No. 2 copper (wire, motor copper, burnt wire) against bare bright: SMM's table of 2025-04-25
# gives motor copper and burnt wire at 0.93-0.96 and 98 % No. 1 at 0.986 of bare bright
# [SMM-CU-GRADES]; ScrapMonster's China index #2 wire and tubing at 0.940 [SCRAPMONSTER-CU];
# a Shaanxi association note 2# (95-96 % Cu) at 0.93 (L)
NO2_RATIO = 0.94
SHRED_CU = round(NO2_RATIO * BARE_BRIGHT, -1)
SHRED_AL = 17500  # shredded Al tense scrap, ex-tax (no invoice) [R81]
DESTINATION_PREMIUM = 1.08  # Moscow, Almaty: Tianjin ADC12 + 8 % (assumption)
# Scrap bought by content: collectors and cell makers are paid 92 % of the content value at the
# net scrap prices (assumption: clean grades trade at 96-100 % of contained value
# [SMM-CU-SPREAD]; mixed material pays for its dismantling and losses, ~8 % gross margin for the
# processor); range 80-98 %. Used for mixed scrap, WEEE and production scrap.
PAYABLE = 0.92
# Mixed plastics and rubber from dismantling: mixed industrial waste plastics trade at 800-1,200
# CNY/t (Shanghai, 2025 [PLASTICS-MIXED]); dismantling plastics are dirtier, so the low end.
PLASTICS = 800

NET_NOTE = "net of 13 % VAT (quote / 1.13)"

# node, material, value, source, grade, note, low, high
ROWS = [
    ("tangshan_eaf", "shred_ferrous", HMS, "R80", "M",
     "SteelOrbis HMS >6 mm incl. 3 % VAT, Tianjin 2,245-2,285 / Handan 2,235-2,320 CNY/t, 2025 "
     "[R80]; memo default 2,250, net of 3 % VAT (/1.03)", net(2161, VAT_HMS), net(2320, VAT_HMS)),
    ("tj_diecast", "secondary_al", ADC12, "SMM-ADC12-2025", "M",
     f"derived: A00 {A00_Q:,} CNY/t (Oct 2025, SMM [R81]) less 500 for ADC12-type alloy (SMM "
     f"spot 530-830 below A00 in June 2025, ~230 in August [SMM-ADC12-2025]), {NET_NOTE}",
     net(19070), net(22500)),
    ("tj_cable", "copper_secondary", CATHODE, "R82", "M",
     f"SHFE copper cathode ~79,000-80,000 CNY/t, Mar-Jul 2025 (SMM [R82]), VAT-inclusive "
     f"[SHFE-VAT], {NET_NOTE}", net(76820), net(99730)),
    ("tj_battery_materials", "lithium_carbonate", LCE, "R79", "M",
     f"battery-grade Li2CO3 75,000 CNY/t VAT-inclusive (memo default; 60-160k band, SMM [R79]; "
     f"VAT basis [LI-VAT]), {NET_NOTE}", net(60000), net(160000)),
    ("tj_battery_materials", "black_mass_lfp", BM_LFP, "R83", "M",
     f"derived: {BM_LFP_PER_LI:,} CNY per 1% Li per t (SMM end-of-life battery black mass "
     f"2,450-2,650 on 2025-09-12 [SMM-BM-2025]; pole piece 2,700-2,950, Fastmarkets 2,800-3,000 "
     f"[R83]) x 2.8% Li, taken as VAT-inclusive like the Li2CO3 it is paid against, {NET_NOTE}",
     net(2000 * 2.8),
     net(3200 * 2.8)),
    *[(node, "secondary_al", round(DESTINATION_PREMIUM * ADC12, -1), "ZIYA-EST", "L",
       "assumption: destination price = Tianjin ADC12 proxy (net of VAT) + 8% (no destination "
       "quote found)", round(ADC12, -1), round(1.2 * ADC12, -1)) for node in ("moscow", "almaty")],
]

# VAT refunded on collection: material, share, source, grade, note
REFUND_NOTE = ("30 % for metals recovered from waste machinery in the 2015 catalogue "
               "[GTA-VAT2015]; the 2022 row was not read (assumed unchanged)")
REFUNDS = [
    ("shred_ferrous", 0.30, "BIGMINT-SCRAP-VAT", "M", "steelmaking charge (炼钢炉料) from scrap "
     "steel: 30 % of the VAT refunded on collection under Ann. 2021 No. 40 [BIGMINT-SCRAP-VAT]"),
    ("copper_secondary", 0.30, "GTA-VAT2015", "L", REFUND_NOTE),
    ("secondary_al", 0.30, "GTA-VAT2015", "L", REFUND_NOTE),
    *[(m, 0.50, "BATTERY-VAT-50", "L", "the 2022 catalogue lists lithium carbonate and nickel "
       "and cobalt sulphates from waste batteries (Ni+Co+Mn recovery >= 98 %, Li >= 85 %) "
       "[SMM-BATTERY-VAT] at a 50 % refund (secondary statements [BATTERY-VAT-50]: the 2022 "
       "version raised the 2015 ratio of 30 %); the catalogue row itself was not read")
      for m in ("lithium_carbonate", "nickel_sulphate", "cobalt_sulphate", "manganese_sulphate")],
]

SOURCES = [
    ["SMM-BM-2025", "SMM analysis, weekly price trends in battery metal salts and black mass, "
     "2025-09-12: LFP pole-piece black mass 2,700-2,950 and LFP battery black mass 2,450-2,650 "
     "CNY per % Li; NCM payables Ni/Co 73-75 %", "https://news.metal.com/newscontent/103528728/"
     "【SMM-analysis】Weekly-Price-Trends-in-Battery-Metal-Salts-and-Black-Mass（91-95）"],
    ["SCRAPMONSTER-CU", "ScrapMonster, copper scrap prices, China index (undated 2025 snapshot): "
     "#1 bare bright 77,900, #1 wire and tubing 74,200, #2 wire and tubing 73,200 CNY/t",
     "https://scrapmonster.com/copper-scrap-prices"],
    ["SMM-ADC12-2025", "SMM, daily review of ADC12 prices, 2025-06-13 (A00 20,730, ADC12 "
     "19,900-20,200 CNY/t) and cast aluminium alloy morning comment, 2025-08-26 (A00 20,780, ADC12 "
     "20,550 CNY/t)", "https://news.metal.com/newscontent/103376245/Costs-rise-secondary-"
     "aluminum-alloy-prices-increase-again-[Daily-Review-of-ADC12-Aluminum-Alloy-Prices]"],
    ["BIGMINT-SCRAP-VAT", "BigMint, China introduces VAT in domestic ferrous scrap policy, "
     "2022-02-15 (Ann. 2021 No. 40: 3 % simple method; 30 % refund for steelmaking charge)",
     "https://bigmint.co/insights/detail/china-introduces-vat-in-domestic-ferrous-scrap-policy-"
     "282684"],
    ["GTA-VAT2015", "Global Trade Alert, China: VAT rebate scheme for recycled products "
     "consolidated and expanded (Cai Shui [2015] No. 78: 30 % for steel and metals from waste "
     "machinery, 95 % of raw material from the listed resource)",
     "https://www.globaltradealert.org/state-act/37000/china-vat-rebate-scheme-for-recycled-"
     "products-consolidated-and-expanded"],
    ["SMM-BATTERY-VAT", "SMM, New lithium battery recycling policy likely to further boost "
     "licensed recyclers, 2022-01-06 (the 2022 catalogue's conditions for Li2CO3, LiOH, CoSO4, "
     "NiSO4 from waste batteries)", "https://news.metal.com/newscontent/101717904/New-Lithium-"
     "Battery-Recycling-Policy-Likely-to-Further-Boost-Licensed-Recyclers"],
    ["SMM-CU-GRADES", "SMM copper-scrap price table of 2025-04-25, as copied by wanbiaoku.com "
     "(1# 98 % Cu 70,100; bare bright wire 71,100; Tianjin bare bright 71,500-71,700; motor "
     "copper and burnt wire 66-68 CNY/kg)", "https://wanbiaoku.com/new/d6e5b0c932b84218a6aa8309991c7ac1"],
    ["BATTERY-VAT-50", "diupei.com product page on the 2022 catalogue (category 3, LFP and other "
     "waste batteries and their dismantled materials: 50 % VAT refund); dchslm.com (battery "
     "recycling alliance), MOF Ann. 2021 No. 40 released: the refund ratio raised from the 2015 "
     "level", "http://diupei.com/chanpin/show-209311.html"],
    ["SHFE-VAT", "E Fund investor education: SHFE copper futures serve the tax-included domestic "
     "market; INE bonded copper trades net of tax", "https://edu.efunds.com.cn/c/36/36240.shtml"],
    ["LI-VAT", "Fastmarkets pricing notice (lithium carbonate battery grade, ex-works China, "
     "'VAT included'); SMM, Announcement on the presentation of SMM lithium prices, 2023-11-21 "
     "(divide by 1.13 for net)", "https://news.metal.com/newscontent/102484694/"],
    ["SMM-CU-SPREAD", "SMM weekly reviews of secondary copper raw materials, 2025-02-18 and "
     "2025-06-13: SHFE 76,820 / bare bright 70,400-70,600, tax-adjusted cathode-scrap spread "
     "1,715 CNY/t; June rod spread ~1,500", "https://news.metal.com/newscontent/103183362"],
    ["VAT-2021-40", "MOF & STA Announcement 2021 No. 40 on VAT for resource comprehensive "
     "utilisation (3 % simple method for renewable-resource recyclers from 2022-03-01; refund on "
     "collection for catalogue products), via SteelOrbis 2022-01-05",
     "https://www.steelorbis.com/steel-news/latest-news/china-issues-new-value_added-tax-policy-"
     "for-scrap-1228606.htm"],
]


def main() -> None:
    keys = {(r[0], r[1]) for r in ROWS}
    rewrite("market_price", lambda r: (r[0], r[1]) in keys, [
        [n, m, y, v, "CNY/t", s, c, note, lo, hi]
        for n, m, v, s, c, note, lo, hi in ROWS for y in YEARS])
    rewrite("vat_refund_share", lambda r: True, [
        [m, "CN", "", v, "1", src, grade, note, 0.0, 0.5] for m, v, src, grade, note in REFUNDS],
        header=["material", "country", "year", "value", "unit", "source", "confidence", "note",
                "low", "high"])
    rewrite("sources", lambda r: r[0] in {s[0] for s in SOURCES}, SOURCES)
    print(f"net prices: cathode {CATHODE:,.0f}, ADC12 {ADC12:,.0f}, Li2CO3 {LCE:,.0f}, "
          f"HMS {HMS:,.0f}, LFP black mass {BM_LFP:,.0f}, No. 2 Cu scrap {SHRED_CU:,.0f}")


if __name__ == "__main__":
    main()
