"""Report wording in English and Chinese. Names from the data are never translated here."""

from __future__ import annotations

__all__ = ["LANGUAGES", "text"]

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
    "net_result": {"en": "Net result (present value)", "zh": "净收益（现值）"},
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
    "cost_chart": {"en": "Cost by category (CNY/yr)", "zh": "分类成本（元/年）"},
    "emission_chart": {"en": "Gross emissions by scope (tCO2e/yr)",
                       "zh": "分范围总排放（吨二氧化碳当量/年）"},
    "avoided_chart": {"en": "Gross emissions and emissions avoided by secondary products "
                            "(tCO2e/yr)", "zh": "总排放与再生产品避免的排放（吨二氧化碳当量/年）"},
    "recovery_idle_text": {"en": "{stage} did not run in this plan; the minimum for {element} is "
                                 "{minimum}.",
                           "zh": "本方案中{stage}未运行；{element}的最低回收率要求为{minimum}。"},
    "inputs_rows": {"en": "Rows", "zh": "行数"},
    "range": {"en": "Values", "zh": "数值范围"},
    "capacity_chart": {"en": "Capacity use by stage", "zh": "各环节产能利用率"},
    "export_chart": {"en": "Exports by destination (t/yr)", "zh": "按目的地出口（吨/年）"},
    "tables": {"en": "Key results", "zh": "主要结果"},
    "sales_table": {"en": "Sales by market and material (t/yr)", "zh": "按市场和材料的销量（吨/年）"},
    "cost_table": {"en": "Cost by category (CNY/yr)", "zh": "分类成本（元/年）"},
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
    "objective_cny": {"en": "Net cost, present value (CNY)", "zh": "净成本现值（元）"},
    "total_cost_cny": {"en": "Total cost (CNY)", "zh": "总成本（元）"},
    "total_revenue_cny": {"en": "Total revenue (CNY)", "zh": "总收入（元）"},
    "total_emissions_tco2e": {"en": "Gross emissions (tCO2e)", "zh": "总排放（吨二氧化碳当量）"},
    "material_sold_t": {"en": "Material sold (t)", "zh": "销售材料（吨）"},
    "avoided_tco2e": {"en": "Avoided emissions (tCO2e)", "zh": "避免排放（吨二氧化碳当量）"},
    "pareto_chart": {"en": "Pareto front: net cost against gross emissions", "zh": "帕累托前沿：净成本与总排放"},
    "emissions_by_scenario": {"en": "Gross emissions by year (tCO2e/yr)",
                              "zh": "各年总排放（吨二氧化碳当量/年）"},
    "sales_by_scenario": {"en": "Material sold by year (t/yr)", "zh": "各年销售材料（吨/年）"},
    "generated": {"en": "Generated by ziya {version} from {file}.",
                  "zh": "由 ziya {version} 根据 {file} 生成。"},
}


def text(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang``, formatted with ``values``."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {lang!r}")
    return _STRINGS[key][lang].format(**values)
