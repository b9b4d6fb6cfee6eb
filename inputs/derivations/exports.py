"""Destination prices of secondary aluminium on the export routes (idempotent).

Run from the repository root after ``outside.py``:
``.venv/bin/python inputs/derivations/exports.py``.
Mumbai (sea via Tianjin Xingang) takes the Indian ADC12 price assessed by BigMint (OEM grade,
ex-works, excl. GST): INR 228,000/t Delhi and 230,000/t Chennai in June 2025, offers up to
235,000, non-OEM down to 202,000 in January 2025 [BIGMINT2025], at 12.0 INR per CNY (June
2025 [FX-INR2025]). Imports into India need BIS certification (reported to hold up Malaysian
ADC12 [BIGMINT2025]). No destination quotes were found for Moscow and Almaty: they keep the
Tianjin price + 8 % (assumption). The Mumbai rows are in rupees (INR/t) and are converted at
the exchange_rate of their year.
"""

from __future__ import annotations

from _tables import YEARS, rewrite

INR_PER_CNY = 12.0
CENTRAL, LOW, HIGH = 229000, 202000, 235000  # INR/t, BigMint 2025
NOTE = ("BigMint ADC12 OEM grade ex-works excl. GST: INR 228,000 (Delhi) / 230,000 (Chennai) "
        "per t, June 2025 [BIGMINT2025], at 12.0 INR/CNY [FX-INR2025]; range non-OEM Jan 2025 "
        "to offers; imports into India need BIS certification")


# CNY per INR: 12.0 INR/CNY in June 2025 [FX-INR2025]; over 2025 the rupee went from 85.6 to
# 89.9 per USD while the yuan went from 7.20 to 6.99 per USD [T33][FX-USD2025]: 11.9-12.9 INR/CNY
RATE, RATE_LOW, RATE_HIGH = round(1 / INR_PER_CNY, 5), round(1 / 12.9, 5), round(1 / 11.9, 5)
RATE_NOTE = ("12.0 INR/CNY, June 2025 [FX-INR2025]; 2025 range 11.9-12.9 INR/CNY (INR/USD "
             "85.6-89.9, CNY/USD 7.20-6.99); later years hold the 2025 rate (assumption)")


def main() -> None:
    rewrite("market_price", lambda r: r[0] == "mumbai", [
        ["mumbai", "secondary_al", y, CENTRAL, "INR/t", "BIGMINT2025", "M", NOTE, LOW, HIGH]
        for y in YEARS])
    rewrite("exchange_rate", lambda r: r[0] == "INR", [
        ["INR", y, RATE, "1", "FX-INR2025", "M" if y == 2025 else "L", RATE_NOTE, RATE_LOW,
         RATE_HIGH] for y in YEARS],
        header=["currency", "year", "value", "unit", "source", "confidence", "note", "low",
                "high"])
    price = round(CENTRAL * RATE, -1)
    rows = [["BIGMINT2025", "BigMint via AL Circle, India ADC12 aluminium OEM-grade alloy ingot "
             "prices (Jan, Mar and Jun 2025 assessments; scrap-to-ADC12 spread INR 28,000-33,000 "
             "per t; BIS hurdles for imported ADC12)",
             "https://www.alcircle.com/press-release/india-adc12-aluminium-oem-grade-alloy-ingot-"
             "prices-hold-firm-m-o-m-in-jun-25-114672"],
            ["FX-INR2025", "investing.com CNY/INR 12.0059 on 2025-06-03 (via maybefinance "
             "exchange-rate analysis); 11.93 on 2025-03-27 (XTransfer)",
             "https://maybefinance.com/tools/exchange-rate-calculator/CNY/INR/100"],
            ["FX-USD2025", "INR/USD 85.64 (1 Jan 2025) and 89.87 (31 Dec 2025), newsbytes; "
             "CNY/USD 6.989 onshore close 31 Dec 2025, Caixin",
             "https://www.caixinglobal.com/2026-01-01/yuan-ends-year-strong-snapping-three-"
             "year-losing-streak-102399388.html"]]
    rewrite("sources", lambda r: r[0] in {row[0] for row in rows}, rows)
    print(f"Mumbai ADC12 {price:,.0f} CNY/t")


if __name__ == "__main__":
    main()
