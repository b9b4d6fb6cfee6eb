"""Destination prices of secondary aluminium on the export routes (idempotent).

Run from the repository root after ``outside.py``:
``.venv/bin/python inputs/derivations/exports.py``.
Mumbai (sea via Tianjin Xingang) takes the Indian ADC12 price assessed by BigMint (OEM grade,
ex-works, excl. GST): INR 228,000/t Delhi and 230,000/t Chennai in June 2025, offers up to
235,000, non-OEM down to 202,000 in January 2025 [BIGMINT2025], at 12.0 INR per CNY (June
2025 [FX-INR2025]). Imports into India need BIS certification (reported to hold up Malaysian
ADC12 [BIGMINT2025]). No destination quotes were found for Moscow and Almaty: they keep the
Tianjin price + 8 % (assumption).
"""

from __future__ import annotations

from _tables import YEARS, rewrite

INR_PER_CNY = 12.0
CENTRAL, LOW, HIGH = 229000, 202000, 235000  # INR/t, BigMint 2025
NOTE = ("BigMint ADC12 OEM grade ex-works excl. GST: INR 228,000 (Delhi) / 230,000 (Chennai) "
        "per t, June 2025 [BIGMINT2025], at 12.0 INR/CNY [FX-INR2025]; range non-OEM Jan 2025 "
        "to offers; imports into India need BIS certification")


def main() -> None:
    price = round(CENTRAL / INR_PER_CNY, -1)
    rewrite("market_price", lambda r: r[0] == "mumbai", [
        ["mumbai", "secondary_al", y, price, "CNY/t", "BIGMINT2025", "M", NOTE,
         round(LOW / INR_PER_CNY, -1), round(HIGH / INR_PER_CNY, -1)] for y in YEARS])
    rows = [["BIGMINT2025", "BigMint via AL Circle, India ADC12 aluminium OEM-grade alloy ingot "
             "prices (Jan, Mar and Jun 2025 assessments; scrap-to-ADC12 spread INR 28,000-33,000 "
             "per t; BIS hurdles for imported ADC12)",
             "https://www.alcircle.com/press-release/india-adc12-aluminium-oem-grade-alloy-ingot-"
             "prices-hold-firm-m-o-m-in-jun-25-114672"],
            ["FX-INR2025", "investing.com CNY/INR 12.0059 on 2025-06-03 (via maybefinance "
             "exchange-rate analysis); 11.93 on 2025-03-27 (XTransfer)",
             "https://maybefinance.com/tools/exchange-rate-calculator/CNY/INR/100"]]
    rewrite("sources", lambda r: r[0] in {row[0] for row in rows}, rows)
    print(f"Mumbai ADC12 {price:,.0f} CNY/t")


if __name__ == "__main__":
    main()
