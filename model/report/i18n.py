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
    "recovery_text": {"en": "{stage} recovered {achieved} (minimums {minimums}); the number "
                            "is the element closest to its minimum.",
                      "zh": "{stage}回收率：{achieved}（最低要求{minimums}）；数字为最接近最低要求的元素。"},
    "sankey": {"en": "Material flows", "zh": "物质流"},
    "sankey_caption": {"en": "Tonnes in {year}, from sources through the park's processes to "
                             "markets and disposal.",
                       "zh": "{year}年的吨数：从来源经园区工艺到市场和处置。"},
    "charts": {"en": "Costs, emissions, capacity and exports", "zh": "成本、排放、产能与出口"},
    "cost_chart": {"en": "Cost by category", "zh": "分类成本"},
    "emission_chart": {"en": "Gross emissions by scope", "zh": "分范围总排放"},
    "avoided_chart": {"en": "Gross emissions and emissions avoided by secondary products",
                      "zh": "总排放与再生产品避免的排放"},
    "recovery_idle_text": {"en": "{stage} did not run in this plan; its recovery minimums are "
                                 "{minimums}.",
                           "zh": "本方案中{stage}未运行；其最低回收率要求为{minimums}。"},
    "inputs_rows": {"en": "Rows", "zh": "行数"},
    "range": {"en": "Values", "zh": "数值范围"},
    "capacity_chart": {"en": "Capacity use by stage (share of available capacity)",
                       "zh": "各环节产能利用率（占可用产能的比例）"},
    "export_chart": {"en": "Exports by destination", "zh": "按目的地出口"},
    "corridor_chart": {"en": "Tonnes across borders by corridor (exports above zero, imports below)",
                       "zh": "各通道跨境运量（零线以上为出口，以下为进口）"},
    "cost_chart_without": {"en": "The other categories, without {category} (own scale)",
                           "zh": "不含{category}的其他类别（单独刻度）"},
    "cap_line": {"en": "Carbon cap (on covered emissions)", "zh": "碳排放上限（针对覆盖范围内的排放）"},
    "domestic_sales": {"en": "Domestic sales", "zh": "国内销售"},
    "other_supply": {"en": "Other supply", "zh": "其他来源"},
    "year_prefix": {"en": "Year: ", "zh": "年份："},
    "sankey_detail": {"en": "Show every process and place (detailed diagram)",
                      "zh": "显示全部工艺和地点（详细图）"},
    "sankey_stage_caption": {"en": "Tonnes in {year} by stage: sources on the left, the stages "
                                   "of {park} and its partners, then markets and disposal.",
                             "zh": "{year}年按环节的吨数：左侧为来源，中间为{park}及其合作方的各环节，"
                                   "右侧为市场和处置。"},
    "sankey_slider": {"en": "Move the slider below the diagram to see another year.",
                      "zh": "拖动图下方的滑块可查看其他年份。"},
    "tables": {"en": "Key results", "zh": "主要结果"},
    "sales_table": {"en": "Sales by market and material", "zh": "按市场和材料的销量"},
    "own_unit_table": {"en": "Sales of materials not counted in tonnes",
                       "zh": "不以吨计量的材料的销量"},
    "species_table": {"en": "Emission species of the processes", "zh": "工艺排放的各类物质"},
    "species": {"en": "Species", "zh": "物质"},
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
    # key messages (model.report.messages)
    "key_messages": {"en": "Key messages", "zh": "主要结论"},
    "km_against": {"en": "Against the counterfactual “{base}”{description}, {span}:",
                   "zh": "与对照情景“{base}”{description}相比（{span}）："},
    "km_alone": {"en": "No counterfactual was given (a scenario that extends another is "
                       "compared with it); the messages below describe this scenario alone.",
                 "zh": "未提供对照情景（继承其他情景的情景默认与其比较）；以下结论仅描述本情景。"},
    "km_root": {"en": "This scenario extends no other, so it has no counterfactual: the messages "
                      "below describe it alone.",
                "zh": "本情景未继承其他情景，因此没有对照情景：以下结论仅描述本情景。"},
    "km_net": {"en": "The net result is {value}, {delta} against {base} ({base_value}).",
               "zh": "净收益为{value}，较{base}（{base_value}）变化{delta}。"},
    "km_emissions": {"en": "Gross emissions are {value} over the horizon, {delta} ({pct}) "
                           "against {base}.",
                     "zh": "规划期总排放为{value}，较{base}变化{delta}（{pct}）。"},
    "km_boundary": {"en": "Inside the boundary of the {instrument} ({nodes}) emissions "
                          "change by {inside}; outside it by {outside} (leakage where they rise).",
                    "zh": "{instrument}覆盖范围内（{nodes}）排放变化{inside}；范围外变化{outside}"
                          "（增加部分即为泄漏）。"},
    "km_boundary_unset": {"en": "Neither plan sets a {instrument}. Inside the boundary the data "
                                "draw for one ({nodes}) emissions change by {inside}; outside it "
                                "by {outside}.",
                          "zh": "两个方案均未设定{instrument}；在数据为其划定的范围内（{nodes}）排放"
                                "变化{inside}，范围外变化{outside}。"},
    "one_node": {"en": "1 node", "zh": "1个节点"},
    "n_nodes": {"en": "{n} nodes", "zh": "{n}个节点"},
    "instrument_cap": {"en": "carbon cap", "zh": "碳排放上限"},
    "instrument_price": {"en": "carbon price", "zh": "碳价"},
    "instrument_budget": {"en": "carbon budget", "zh": "碳预算"},
    "instrument_intensity": {"en": "intensity standard", "zh": "强度标准"},
    "km_cost_abated": {"en": "Each tonne abated costs {per_tonne} ({cost} more cost − revenue "
                             "for {abated} abated, undiscounted).",
                       "zh": "每减排一吨的成本为{per_tonne}（未贴现：成本−收入增加{cost}，减排{abated}）。"},
    "km_saving_abated": {"en": "Abatement pays: each tonne abated saves {per_tonne} ({cost} "
                               "less cost − revenue for {abated} abated, undiscounted).",
                         "zh": "减排带来收益：每减排一吨节省{per_tonne}（未贴现：成本−收入减少{cost}，减排{abated}）。"},
    "km_leakage": {"en": "Avoided emissions (primary production displaced by recycled "
                         "output) fall by {lost}, {ratio}× the tonnes abated: counted with "
                         "them, emissions of the whole system rise by {system}. The cut "
                         "comes from recycling less, not from abating.",
                   "zh": "避免排放（再生产品替代的原生生产排放）减少{lost}，为减排量的{ratio}倍："
                         "计入后，整个系统的排放反而增加{system}。减排来自减少回收，而非真正的减排。"},
    "km_leakage_small": {"en": "Avoided emissions (primary production displaced by recycled "
                               "output) fall by {lost}, {ratio}× the tonnes abated: counted "
                               "with them, emissions of the whole system still fall by {system}.",
                         "zh": "避免排放（再生产品替代的原生生产排放）减少{lost}，为减排量的{ratio}倍；"
                               "计入后，整个系统的排放仍减少{system}。"},
    "km_unchanged": {"en": "Nothing material changes against {base}: the net result ({value}) "
                           "and gross emissions ({gross}) are the same.",
                     "zh": "与{base}相比没有实质变化：净收益（{value}）和总排放（{gross}）相同。"},
    "km_crossings": {"en": "Largest border crossings over the horizon: {crossings}.",
                     "zh": "规划期最大的跨境流：{crossings}。"},
    "km_crossing": {"en": "{material}, {leg}: {tonnes}", "zh": "{material}（{leg}）{tonnes}"},
    "km_nearest": {"en": "No tonne crosses a border. The corridor nearest to opening is "
                         "{material}, {leg}: {gap} short of paying in {year}.",
                   "zh": "没有货物跨境。最接近开通的通道是{material}（{leg}）：{year}年尚差{gap}。"},
    "km_by_rule": {"en": " A quota or ban closes {material}, {leg}: lifting it would be worth "
                         "{gap} in {year}.",
                   "zh": "配额或禁令关闭了{material}（{leg}）：若取消该限制，{year}年的价值为{gap}。"},
    "km_response": {"en": "{indicator}: {start} → {end} ({change}) over {axis} {span}.",
                    "zh": "{indicator}：{axis}在{span}范围内从{start}变为{end}（{change}）。"},
    "km_inert": {"en": "Gross emissions change by less than 1 % over {axis} {span}: in this range "
                       "the sweep does not change how much the plan emits.",
                 "zh": "{axis}在{span}范围内，总排放变化不足1%：在此范围内，该参数几乎不改变方案的排放。"},
    "km_step": {"en": " Most of the change happens between {a} and {b}.",
                "zh": "变化主要发生在{a}与{b}之间。"},
    "km_spread": {"en": "Across {n} samples, {indicator}: median {median}, 5th–95th percentile "
                        "{low} to {high}.",
                  "zh": "在{n}个样本中，{indicator}：中位数{median}，第5至第95百分位为{low}至{high}。"},
    "km_pareto": {"en": "Cutting cumulative gross emissions from {high} to {low} moves the net "
                        "result from {net_high} to {net_low}: {average} on average.",
                  "zh": "将累计总排放从{high}降至{low}，净收益从{net_high}变为{net_low}：平均每吨减排{average}。"},
    "sample_label": {"en": "sample {i}", "zh": "样本{i}"},
    "budget_label": {"en": "budget = {value}", "zh": "排放预算 = {value}"},
    "km_stages": {"en": "Largest changes in throughput ({year}): {changes}.",
                  "zh": "处理量变化最大的环节（{year}年）：{changes}。"},
    "km_sold": {"en": "Largest changes in tonnes sold over the horizon: {changes}.",
                "zh": "规划期销量变化最大的材料：{changes}。"},
    "km_built": {"en": "Capacity built over the horizon: {changes}.",
                 "zh": "规划期新建产能：{changes}。"},
    "km_change": {"en": "{name} {base} → {value}", "zh": "{name}由{base}变为{value}"},
    "km_trade": {"en": "Tonnes across borders over the horizon: exports {exports}, imports "
                       "{imports} (counterfactual {base_exports} and {base_imports}).",
                 "zh": "规划期跨境运量：出口{exports}，进口{imports}（对照情景分别为{base_exports}和{base_imports}）。"},
    "km_cap": {"en": "The carbon cap binds in {years}; its shadow price reaches {price} in "
                     "{year}{reference}.",
               "zh": "碳排放上限在{years}年起约束作用；其影子价格在{year}年达到{price}{reference}。"},
    "km_cap_reference": {"en": ", {ratio}× the national ETS price of that year ({ets})",
                         "zh": "，为当年全国碳市场价格（{ets}）的{ratio}倍"},
    "km_cap_slack": {"en": "A carbon cap is set but never binds: the plan is the one without it.",
                     "zh": "设定了碳排放上限，但从未起约束作用：方案与无上限时相同。"},
    "km_price": {"en": "Emissions are priced at up to {price} in the objective{reference}.",
                 "zh": "目标函数中的碳价最高为{price}{reference}。"},
    "km_price_reference": {"en": " (national ETS price {ets})", "zh": "（全国碳市场价格{ets}）"},
    "km_binding": {"en": "Limits that bind, most valuable to relax first (value of 1 % more "
                         "over the horizon, from the shadow prices): {limits}.",
                   "zh": "起约束作用的限制（按放宽1%在规划期内的价值排序，由影子价格估算）：{limits}。"},
    "km_limit": {"en": "{name} in {years}, worth {value}", "zh": "{name}（{years}年），价值{value}"},
    "km_limit_price": {"en": "{name} in {years}, {price}", "zh": "{name}（{years}年），{price}"},
    "km_none_binding": {"en": "No capacity, route, hub, quota or carbon limit binds.",
                        "zh": "产能、线路、枢纽、配额和碳排放限制均未起约束作用。"},
    "limit_carbon_cap": {"en": "the carbon cap", "zh": "碳排放上限"},
    "limit_carbon_budget": {"en": "the carbon budget", "zh": "碳预算"},
    "limit_capacity": {"en": "capacity of {name}", "zh": "{name}产能"},
    "limit_route": {"en": "route {name}", "zh": "线路{name}"},
    "limit_hub": {"en": "throughput of {name}", "zh": "{name}吞吐量"},
    "limit_shared": {"en": "shared capacity {name}", "zh": "共用产能{name}"},
    "limit_species": {"en": "the cap on {name}", "zh": "{name}排放上限"},
    "limit_user": {"en": "the constraint “{name}”", "zh": "约束“{name}”"},
    "limit_quota": {"en": "{name} quota {exporter} → {importer}",
                    "zh": "{name}配额（{exporter}→{importer}）"},
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
    "mac_title": {"en": "Marginal abatement cost curve", "zh": "边际减排成本曲线"},
    "mac_intro": {"en": "A cumulative carbon budget over the horizon is tightened in {steps} equal steps, from the emissions of the unconstrained plan to the least any plan reaches. Each step's marginal cost is the budget's shadow price at its tighter end: what one more tonne abated costs, in CNY of the first model year.",
                  "zh": "将规划期累计碳预算分{steps}个等步长收紧：从无约束方案的排放量收紧到任何方案所能达到的最低排放。每一步的边际成本是该步收紧端碳预算的影子价格，即多减排一吨的成本（按首个模型年份的元计）。"},
    "mac_source": {"en": "Curve", "zh": "曲线"},
    "mac_unconstrained": {"en": "Unconstrained emissions", "zh": "无约束排放"},
    "mac_unconstrained_text": {"en": "The least-cost plan without a budget emits {value} over the horizon.",
                               "zh": "无预算约束的最低成本方案在规划期内排放{value}。"},
    "mac_least": {"en": "Least emissions", "zh": "最低排放"},
    "mac_least_text": {"en": "No feasible plan emits less than {value}; up to {abated} can be abated.",
                       "zh": "任何可行方案的排放都不低于{value}；最多可减排{abated}。"},
    "mac_price_range": {"en": "Marginal abatement cost", "zh": "边际减排成本"},
    "mac_price_range_text": {"en": "From {first} for the first step to {last} for the last tonnes.",
                             "zh": "从第一步的{first}到最后几吨的{last}。"},
    "mac_cost": {"en": "Cost of abating everything", "zh": "全部减排的成本"},
    "mac_cost_text": {"en": "The net result falls from {start} to {end} (present value).",
                      "zh": "净收益现值从{start}降至{end}。"},
    "mac_chart": {"en": "Marginal abatement cost curve", "zh": "边际减排成本曲线"},
    "mac_abatement": {"en": "Abatement over the horizon", "zh": "规划期减排量"},
    "mac_price": {"en": "Marginal cost", "zh": "边际成本"},
    "mac_caption": {"en": "Each bar is one step of the budget: its width the tonnes abated in the step, its height the budget's shadow price at the step's end. Point 0 is the unconstrained plan; its budget does not bind, so its price is 0.",
                    "zh": "每根柱代表预算收紧的一步：宽度为该步的减排量，高度为该步末端碳预算的影子价格。第0点为无约束方案，其预算不起约束作用，影子价格为0。"},
    "mac_table": {"en": "Points of the curve", "zh": "曲线各点"},
    "mac_point": {"en": "Point", "zh": "点"},
    "mac_budget": {"en": "Budget", "zh": "预算"},
    "mac_emitted": {"en": "Emissions", "zh": "排放"},
    "mac_abated": {"en": "Abatement", "zh": "减排量"},
    "mac_net": {"en": "Net result (present value)", "zh": "净收益（现值）"},
    "mac_none": {"en": "No point of the curve is optimal: there is nothing to draw.",
                 "zh": "曲线上没有最优点，无法绘制。"},
    "sens_title": {"en": "One-at-a-time sensitivity", "zh": "单因素敏感性分析"},
    "sens_intro": {"en": "{inputs} inputs: each key of a parameter with a low-high range in the data, all its years together, set to its low and then to its high end while every other input stays at its base value ({members} re-solves of the base plan, warm in one HiGHS session). Inputs are ranked by the swing of the net result between the two ends; interactions between inputs are not measured.",
                   "zh": "共{inputs}个输入：数据中带有高低区间的每个参数键（所有年份一并）先取区间下限、再取上限，其余输入保持基准值（在同一 HiGHS 会话中热启动重解基准方案{members}次）。输入按两端之间净收益的变动幅度排序；不考虑输入之间的交互作用。"},
    "sens_source": {"en": "Table", "zh": "数据表"},
    "sens_base_net": {"en": "Base net result", "zh": "基准净收益"},
    "sens_base_net_text": {"en": "The base plan's net result is {value} (present value, revenue − cost).",
                           "zh": "基准方案的净收益为{value}（现值，收入−成本）。"},
    "sens_base_emissions": {"en": "Base gross emissions", "zh": "基准总排放"},
    "sens_base_emissions_text": {"en": "The base plan emits {value} over the horizon.",
                                 "zh": "基准方案在规划期内排放{value}。"},
    "sens_inputs": {"en": "Inputs varied", "zh": "变动的输入"},
    "sens_inputs_text": {"en": "{inputs} inputs of {parameters} parameters; {failed} of {members} members are not optimal.",
                         "zh": "共{parameters}个参数的{inputs}个输入；{members}个求解中有{failed}个非最优。"},
    "sens_top": {"en": "Largest swing", "zh": "最大变动幅度"},
    "sens_top_text": {"en": "{name}: the net result moves by {value} between the low and the high end.",
                      "zh": "{name}：净收益在区间下限与上限之间变动{value}。"},
    "sens_chart": {"en": "Change in net result at the ends of each range", "zh": "各区间两端的净收益变化"},
    "sens_change": {"en": "Change in net result", "zh": "净收益变化"},
    "sens_low": {"en": "low end", "zh": "区间下限"},
    "sens_high": {"en": "high end", "zh": "区间上限"},
    "sens_caption": {"en": "The {top} inputs with the largest swing: each bar is the change in the net result (present value) when the input is at the low or the high end of its range, all other inputs at their base values. The vertical line is the base plan ({base}).",
                     "zh": "变动幅度最大的{top}个输入：每根柱为该输入取区间下限或上限、其余输入保持基准值时净收益（现值）的变化。竖线为基准方案（{base}）。"},
    "sens_table": {"en": "Inputs ranked by the swing of the net result", "zh": "按净收益变动幅度排序的输入"},
    "sens_rank": {"en": "#", "zh": "序号"},
    "sens_input": {"en": "Input", "zh": "输入"},
    "sens_range": {"en": "Base (low – high)", "zh": "基准值（下限–上限）"},
    "sens_net_low": {"en": "Net result change at low", "zh": "下限时净收益变化"},
    "sens_net_high": {"en": "Net result change at high", "zh": "上限时净收益变化"},
    "sens_swing": {"en": "Swing", "zh": "变动幅度"},
    "sens_emissions_swing": {"en": "Emissions swing", "zh": "排放变动幅度"},
    "sens_stage": {"en": "Stage moving most", "zh": "变化最大的环节"},
    "sens_none": {"en": "No input has two optimal members: there is no swing to draw.",
                  "zh": "没有输入的两个求解均为最优，无法绘制变动幅度。"},
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
    "vat_refund": {"en": "VAT refunded on collection", "zh": "增值税即征即退"},
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
