"""Report wording in English and Chinese: the report's own words, solver statuses and the
model's cost categories. Names from the data are never translated here; they come from the
data's ``label`` and ``label_zh`` columns (``model.report.names``)."""

from __future__ import annotations

__all__ = ["LANGUAGES", "category_text", "status_text", "text"]

LANGUAGES = ("en", "zh")

_STRINGS: dict[str, dict[str, str]] = {
    "title": {"en": "Circular-economy material flows and carbon", "zh": "循环经济物质流与碳排放"},
    "subtitle": {"en": "ziya policy report", "zh": "ziya 政策报告"},
    "scenario": {"en": "Scenario", "zh": "情景"},
    "years": {"en": "Years", "zh": "年份"},
    "status": {"en": "Solver status", "zh": "求解状态"},
    "not_optimal": {"en": "NOT OPTIMAL: the solver did not prove an optimum ({status}). "
                          "The numbers below are not a valid plan.",
                    "zh": "非最优解：求解器未能证明最优（{status}）。以下数字不构成有效方案。"},
    "summary": {"en": "Executive summary", "zh": "摘要"},
    "net_result": {"en": "Net result (present value, revenue − cost)", "zh": "净收益（现值，收入−成本）"},
    "net_result_text": {"en": "Revenue exceeds all costs by {value} over {span} (discounted).",
                        "zh": "在{span}内，收入扣除全部成本后的净收益为{value}（贴现值）。"},
    "net_loss_text": {"en": "Costs exceed revenue by {value} over {span} (discounted).",
                      "zh": "在{span}内，成本超出收入{value}（贴现值）。"},
    "cost_revenue": {"en": "Cost and revenue", "zh": "成本与收入"},
    "cost_revenue_text": {"en": "Total cost {cost} against revenue {revenue} (undiscounted sums).",
                          "zh": "总成本{cost}，总收入{revenue}（未贴现合计）。"},
    "recovered": {"en": "Material sold", "zh": "销售的再生材料"},
    "recovered_text": {"en": "{total} sold over the horizon; the largest stream is {top} "
                             "({share} of the tonnes).",
                       "zh": "规划期内共销售{total}；最大的物料流为{top}（占{share}）。"},
    "emissions": {"en": "Gross emissions", "zh": "总排放"},
    "emissions_text": {"en": "{total} over the horizon: scope 1 {s1}, scope 2 {s2}, scope 3 {s3}.",
                       "zh": "规划期内共{total}：范围一{s1}，范围二{s2}，范围三{s3}。"},
    "avoided": {"en": "Avoided emissions", "zh": "避免的排放"},
    "avoided_text": {"en": "Secondary products sold displace primary production worth {value}; "
                           "net emissions under {method} accounting are {net}.",
                     "zh": "销售的再生产品替代原生生产，避免排放{value}；按{method}核算的净排放为{net}。"},
    "carbon_price": {"en": "Carbon shadow price", "zh": "碳影子价格"},
    "carbon_price_text": {"en": "The carbon cap binds in {n} year(s); one more tonne of allowance "
                                "is worth up to {value}.",
                          "zh": "碳排放上限在{n}个年份起约束作用；每增加一吨配额最多价值{value}。"},
    "no_cap_text": {"en": "No carbon cap applies in this scenario.",
                    "zh": "本情景未设碳排放上限。"},
    "exports": {"en": "Exports", "zh": "出口"},
    "exports_text": {"en": "{total} leave the country, mostly to {top}.",
                     "zh": "共{total}出口，主要目的地为{top}。"},
    "corridors_text": {"en": "Corridors over the horizon: {corridors}.", "zh": "规划期内经由的通道：{corridors}。"},
    "no_exports_text": {"en": "Nothing is exported.", "zh": "无出口。"},
    "recovery": {"en": "Recovery against regulatory minimums", "zh": "回收率与法定最低要求"},
    "recovery_text": {"en": "{stage}: {element} recovered {achieved} (minimum {minimum}).",
                      "zh": "{stage}：{element}回收率{achieved}（最低要求{minimum}）。"},
    "sankey": {"en": "Material flows", "zh": "物质流"},
    "sankey_caption": {"en": "Tonnes in {year}, from sources through the park's processes to "
                             "markets and disposal.",
                       "zh": "{year}年的吨数：从来源经园区工艺到市场和处置。"},
    "charts": {"en": "Costs, emissions, capacity and exports", "zh": "成本、排放、产能与出口"},
    "cost_chart": {"en": "Cost by category", "zh": "分类成本"},
    "emission_chart": {"en": "Gross emissions by scope", "zh": "分范围总排放"},
    "avoided_chart": {"en": "Gross emissions and emissions avoided by secondary products",
                      "zh": "总排放与再生产品避免的排放"},
    "recovery_idle_text": {"en": "{stage} did not run in this plan; the minimum for {element} is "
                                 "{minimum}.",
                           "zh": "本方案中{stage}未运行；{element}的最低回收率要求为{minimum}。"},
    "inputs_rows": {"en": "Rows", "zh": "行数"},
    "range": {"en": "Values", "zh": "数值范围"},
    "capacity_chart": {"en": "Capacity use by stage (share of available capacity)",
                       "zh": "各环节产能利用率（占可用产能的比例）"},
    "export_chart": {"en": "Exports by destination", "zh": "按目的地出口"},
    "tables": {"en": "Key results", "zh": "主要结果"},
    "sales_table": {"en": "Sales by market and material", "zh": "按市场和材料的销量"},
    "cost_table": {"en": "Cost by category", "zh": "分类成本"},
    "market": {"en": "Market", "zh": "市场"},
    "trade_table": {"en": "Tonnes crossing a border", "zh": "跨境货物量"},
    "trade_balance_table": {"en": "Balance of trade at customs value",
                            "zh": "按海关完税价格计的贸易差额"},
    "break_even_table": {"en": "Trade break-even: what it takes to open a closed crossing, "
                               "or how much a used one may worsen (CNY/t)",
                         "zh": "跨境贸易盈亏平衡：未使用通道开通所需的改善幅度，或已使用通道可承受的"
                               "恶化幅度（元/吨）"},
    "direction": {"en": "Direction", "zh": "方向"},
    "crossing": {"en": "Crossing", "zh": "通道"},
    "state": {"en": "State", "zh": "状态"},
    "export": {"en": "Export", "zh": "出口"},
    "import": {"en": "Import", "zh": "进口"},
    "transit": {"en": "Transit", "zh": "过境"},
    "balance": {"en": "Balance", "zh": "差额"},
    "closed": {"en": "Closed: gap to opening", "zh": "未开通：距开通的差距"},
    "closed by rule": {"en": "Closed by a quota or ban: saving forgone", "zh": "因配额或禁令关闭：放弃的节约"},
    "used": {"en": "Used: headroom", "zh": "已使用：可承受的恶化幅度"},
    "leg": {"en": "{origin} → {destination}", "zh": "{origin}→{destination}"},
    "material": {"en": "Material", "zh": "材料"},
    "category": {"en": "Category", "zh": "类别"},
    "per_year": {"en": "{unit}/yr", "zh": "{unit}/年"},
    "titled": {"en": "{title} ({unit})", "zh": "{title}（{unit}）"},
    "supply_at": {"en": "Supply: {place}", "zh": "供应：{place}"},
    "sales_at": {"en": "Sales: {place}", "zh": "销售：{place}"},
    "disposal_at": {"en": "Disposal: {place}", "zh": "处置：{place}"},
    "hub": {"en": "{material} @ {place}", "zh": "{place}·{material}"},
    "band": {"en": "5–95% range", "zh": "5%–95%区间"},
    "list_sep": {"en": ", ", "zh": "、"},
    "corridor": {"en": "{origin} ({mode}) {tonnes}", "zh": "{origin}（{mode}）{tonnes}"},
    "median": {"en": "median", "zh": "中位数"},
    "appendix": {"en": "Appendix", "zh": "附录"},
    "assumptions": {"en": "Inputs, sources and confidence", "zh": "输入数据、来源与可信度"},
    "confidence_note": {"en": "H: official or peer-reviewed; M: trade press or vendor; "
                              "L: proxy, estimate or derivation.",
                        "zh": "H：官方统计或同行评议；M：行业媒体或数据商；L：代理值、估计或推算。"},
    "provenance": {"en": "Solver and provenance", "zh": "求解与数据溯源"},
    "scope1": {"en": "Scope 1", "zh": "范围一"},
    "scope2": {"en": "Scope 2", "zh": "范围二"},
    "scope3": {"en": "Scope 3", "zh": "范围三"},
    "avoided_series": {"en": "Avoided", "zh": "避免排放"},
    "year": {"en": "Year", "zh": "年份"},
    "table": {"en": "Table", "zh": "数据表"},
    "key": {"en": "Key", "zh": "键"},
    "value": {"en": "Value", "zh": "数值"},
    "unit": {"en": "Unit", "zh": "单位"},
    "source": {"en": "Source", "zh": "来源"},
    "confidence": {"en": "Conf.", "zh": "可信度"},
    "cut_off": {"en": "cut-off", "zh": "截断法"},
    "substitution": {"en": "substitution", "zh": "替代法"},
    "comparison": {"en": "Scenario comparison", "zh": "情景比较"},
    "reference": {"en": "Reference scenario", "zh": "参照情景"},
    "difference": {"en": "Difference to the reference", "zh": "与参照情景之差"},
    "metric": {"en": "Indicator", "zh": "指标"},
    "net_result_cny": {"en": "Net result, present value (revenue − cost)", "zh": "净收益现值（收入−成本）"},
    "total_cost_cny": {"en": "Total cost (undiscounted)", "zh": "总成本（未贴现）"},
    "total_revenue_cny": {"en": "Total revenue (undiscounted)", "zh": "总收入（未贴现）"},
    "total_emissions_tco2e": {"en": "Gross emissions", "zh": "总排放"},
    "material_sold_t": {"en": "Material sold", "zh": "销售材料"},
    "avoided_tco2e": {"en": "Avoided emissions", "zh": "避免排放"},
    "sign_note": {"en": "Net result = revenue − cost, discounted to the first model year; a "
                        "positive value is a gain (the solver minimises cost − revenue).",
                  "zh": "净收益 = 收入 − 成本，贴现至首个模型年份；正值表示盈利（求解器最小化成本 − 收入）。"},
    "pareto_chart": {"en": "Pareto front: net result against gross emissions", "zh": "帕累托前沿：净收益与总排放"},
    "emissions_by_scenario": {"en": "Gross emissions by year", "zh": "各年总排放"},
    "sales_by_scenario": {"en": "Material sold by year", "zh": "各年销售材料"},
    "generated": {"en": "Generated by ziya {version} from {file}.",
                  "zh": "由 ziya {version} 根据 {file} 生成。"},
}


_STATUS: dict[str, dict[str, str]] = {
    "optimal": {"en": "optimal", "zh": "最优"},
    "infeasible": {"en": "infeasible", "zh": "无可行解"},
    "unbounded": {"en": "unbounded", "zh": "无界"},
    "infeasible_or_unbounded": {"en": "infeasible or unbounded", "zh": "无可行解或无界"},
    "time_limit": {"en": "time limit reached", "zh": "达到时间上限"},
    "iteration_limit": {"en": "iteration limit reached", "zh": "达到迭代上限"},
    "interrupted": {"en": "interrupted", "zh": "已中断"},
    "error": {"en": "solver error", "zh": "求解出错"},
    "unknown": {"en": "unknown", "zh": "未知"},
}

# the model's cost categories (CostTerm names), not data: translated here
_CATEGORIES: dict[str, dict[str, str]] = {
    "acquisition": {"en": "Acquisition of materials", "zh": "原料采购"},
    "carbon": {"en": "Carbon price", "zh": "碳价成本"},
    "disposal": {"en": "Disposal", "zh": "处置"},
    "electricity": {"en": "Electricity", "zh": "电力"},
    "fuel": {"en": "Fuel", "zh": "燃料"},
    "investment": {"en": "Investment", "zh": "投资"},
    "operation": {"en": "Operation", "zh": "运营"},
    "transport": {"en": "Transport", "zh": "运输"},
    "fixed": {"en": "Fixed costs", "zh": "固定成本"},
    "border_adjustment": {"en": "Border carbon adjustment", "zh": "边境碳调节"},
    "storage": {"en": "Storage", "zh": "仓储"},
    "import_duty": {"en": "Import duties", "zh": "进口关税"},
    "export_duty": {"en": "Export duties", "zh": "出口关税"},
    "export_vat": {"en": "Export VAT not refunded", "zh": "未退还的出口增值税"},
    "transit_capital": {"en": "Capital in transit", "zh": "在途资金占用"},
    "handling": {"en": "Hub handling", "zh": "枢纽作业"},
    "revenue": {"en": "Revenue", "zh": "收入"},
}


def status_text(status: str, lang: str) -> str:
    """A solver status word (``optimal``, ``infeasible``, ...) in ``lang``."""
    return _STATUS.get(status, {}).get(lang, status)


def category_text(category: str, lang: str) -> str:
    """A cost category (``acquisition``, ``transport``, ...) in ``lang``."""
    return _CATEGORIES.get(category, {}).get(lang, category)


def text(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang``, formatted with ``values``."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {lang!r}")
    return _STRINGS[key][lang].format(**values)
