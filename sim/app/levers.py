"""The levers the app offers, declared once: a new lever is one line in :data:`LEVERS`.

Each lever is a scenario key by its dotted name (see ``sim/config/schema.py``); the app
shows the selected scenario's value and passes a change to the model as an override
(``RuralLogisticsModel(config, overrides={key: value})``), so the model validates it like
a scenario file would. Labels are in English and Chinese.

A lever the scenario refuses in its mode (carpooling in joint mode, say) is shown in one
line and undone by the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sim.config import ScenarioConfig


@dataclass(frozen=True)
class Lever:
    """One control: a scenario key, its labels, and what values the control offers.

    ``kind`` is "choice" (``choices``: (value, English, Chinese) triples), "flag", "int" or
    "float" (a slider from ``low`` to ``high`` in ``step``).
    """

    key: str
    label_en: str
    label_zh: str
    kind: str
    choices: tuple[tuple[Any, str, str], ...] = ()
    low: float = 0.0
    high: float = 1.0
    step: float = 1.0

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en

    def choice_label(self, value: Any, lang: str) -> str:
        for v, en, zh in self.choices:
            if v == value:
                return zh if lang == "zh" else en
        return str(value)

    def value_in(self, config: ScenarioConfig) -> Any:
        """The lever's value in ``config`` (the dotted key read from the typed sections)."""
        obj: Any = config
        for part in self.key.split("."):
            obj = getattr(obj, part)
        return obj


LEVERS: tuple[Lever, ...] = (
    Lever("operations.mode", "Operating mode", "运营模式", "choice",
          choices=(("joint", "Joint distribution (统仓共配)", "共同配送（统仓共配）"),
                   ("separate", "Separate brands", "各品牌分散配送"))),
    Lever("operations.delivery_interval_days", "Village rounds every … days", "村级配送间隔（天）", "int",
          low=1, high=7, step=1),
    Lever("operations.separate_delivery_rule", "Brands' door delivery rule (separate mode)",
          "品牌上门配送规则（分散模式）", "choice",
          choices=(("revenue", "When the fees cover the trip", "派费覆盖行程时"),
                   ("threshold", "When enough parcels wait", "滞留包裹达到阈值时"),
                   ("fixed_days", "On fixed weekdays", "固定日配送"))),
    Lever("operations.door_threshold_parcels", "… threshold: a brand's parcels waiting",
          "…阈值：品牌滞留包裹数", "int", low=1, high=30, step=1),
    Lever("policies.carpooling.enabled", "Carpooling of five brands (拼车, separate mode)", "快递拼车（分散模式）", "flag"),
    Lever("operations.backhaul", "Produce backhaul (joint mode)", "回程带货（共同配送）", "flag"),
    Lever("policies.bus.enabled", "Rural buses carry parcels (客货邮融合)", "客货邮融合", "flag"),
    Lever("policies.cold_chain.enabled", "Cold chain", "冷链", "flag"),
    Lever("policies.forward_warehouse.enabled", "Forward warehouses at townships (前置仓)", "乡镇生鲜前置仓", "flag"),
    Lever("operations.produce_same_day", "Same-day produce collection", "农产品当日采当日发", "flag"),
    Lever("policies.public_warehouse.enabled", "Public e-commerce warehouse (电商公共仓)", "电商公共仓", "flag"),
    Lever("policies.lockers.enabled", "Parcel lockers at villages without a point", "无服务站村设智能快件箱", "flag"),
    Lever("policies.returnable_crates.enabled", "Returnable crates and boxes", "标准化周转箱/循环快递箱", "flag"),
    Lever("policies.drones.enabled", "Drones to remote villages", "无人机配送偏远村", "flag"),
    Lever("policies.subsidy.per_parcel_yuan", "Subsidy per parcel (yuan)", "单件补贴（元）", "float",
          low=0.0, high=2.0, step=0.1),
    Lever("demand.annual_growth", "Annual growth of parcel volume", "包裹量年增长率", "float",
          low=0.0, high=1.0, step=0.05),
)

BY_KEY: dict[str, Lever] = {lever.key: lever for lever in LEVERS}


def changed_overrides(config: ScenarioConfig, values: dict[str, Any]) -> dict[str, Any]:
    """The lever values that differ from ``config``'s, as dotted-key overrides."""
    out = {}
    for key, value in values.items():
        lever = BY_KEY[key]
        current = lever.value_in(config)
        if lever.kind == "float":
            value = round(float(value), 6)
        elif lever.kind == "int":
            value = int(value)
        if value != current:
            out[key] = value
    return out
