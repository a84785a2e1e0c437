"""When does joint distribution pay off? The figures and the table, from the sweeps' results.

    python -m sim sweep experiments/sweeps/joint_payoff_synthetic.toml --out results/joint_payoff_synthetic
    python -m sim sweep experiments/sweeps/joint_payoff_chongyang.toml --out results/joint_payoff_chongyang
    python experiments/joint_payoff/figures.py [--synthetic DIR] [--chongyang DIR] [--out DIR]

Reads each folder's ``results.parquet`` and draws, into ``--out`` (default: this script's
folder): ``cost_per_parcel.png`` and ``door_coverage.png`` (against daily volume, one line
per village density, separate dashed and joint solid; Chongyang beside the synthetic
county), ``joint_saving.png`` (joint's saving on the cost per parcel over density × volume),
and ``table.md`` (the means behind them). Either sweep may be missing; its panel is left out.
"""

from __future__ import annotations

import argparse
import tomllib
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SWEEPS = REPO / "experiments" / "sweeps"
MODE, AREA, VOLUME = "operations.mode", "geography.area_km2", "demand.parcels_per_resident_per_day"
SHOWN = {"cost_per_parcel_down_yuan": "Operator cost per parcel (yuan)",
         "societal_cost_per_parcel_yuan": "Societal cost per parcel (yuan, incl. villagers' trips)",
         "village_coverage": "Village door coverage (share of villages)"}


def _days(sweep_file: Path) -> int:
    return tomllib.loads(sweep_file.read_text(encoding="utf-8"))["sweep"]["days"]


def load(folder: Path, sweep_file: Path) -> pd.DataFrame | None:
    """Mean over replications per design point, with villages per 100 km² and parcels per village a day."""
    path = folder / "results.parquet"
    if not path.exists():
        print(f"note: {path} not found; run the sweep first ({sweep_file.relative_to(REPO)})")
        return None
    runs = pd.read_parquet(path)
    runs = runs[runs["error"] == ""]
    missing = [k for k in SHOWN if k not in runs]
    if missing:
        raise SystemExit(f"error: {path}: no column {missing[0]!r}; rerun the sweep")
    keys = [k for k in (MODE, AREA, VOLUME) if k in runs]
    table = runs.groupby(keys, sort=True).mean(numeric_only=True).reset_index()
    table["parcels_per_village_day"] = table["parcels_delivered"] / table["n_villages"] / _days(sweep_file)
    if AREA in table:
        table["villages_per_100km2"] = table["n_villages"] / table[AREA] * 100.0
    return table


def _plot_kpi(kpi: str, panels: list[tuple[str, pd.DataFrame]], out: Path, name: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(panels), figsize=(6 * len(panels), 4.3), squeeze=False, sharey=True)
    cmap = plt.get_cmap("viridis")
    for ax, (title, t) in zip(axes[0], panels):
        densities = sorted(t["villages_per_100km2"].unique()) if "villages_per_100km2" in t else [None]
        for i, d in enumerate(densities):
            part = t if d is None else t[t["villages_per_100km2"] == d]
            colour = cmap(i / max(1, len(densities) - 1)) if d is not None else "#1f77b4"
            for mode, style in (("separate", "--"), ("joint", "-")):
                m = part[part[MODE] == mode].sort_values(VOLUME)
                label = f"{mode}" + (f", {d:.1f} villages/100 km²" if d is not None else "")
                ax.plot(m["parcels_per_village_day"], m[kpi], style, marker="o", ms=3.5, color=colour, label=label)
        ax.set_xscale("log")
        ax.set_xticks([5, 10, 20, 40, 80], ["5", "10", "20", "40", "80"])
        ax.minorticks_off()
        ax.set_xlabel("parcels per village per day (log scale)")
        ax.set_title(title, fontsize=10)
        ax.grid(alpha=0.3, which="both")
        ax.legend(fontsize=7, ncol=1 if len(densities) == 1 else 2)
    axes[0][0].set_ylabel(SHOWN[kpi])
    fig.suptitle(f"{SHOWN[kpi]}: separate brands (dashed) vs joint distribution (solid)", fontsize=11)
    fig.tight_layout()
    fig.savefig(out / name, dpi=110)
    plt.close(fig)


def _saving(t: pd.DataFrame) -> pd.DataFrame:
    keys = [k for k in (AREA, "villages_per_100km2", VOLUME) if k in t]
    wide = t.pivot_table(index=keys, columns=MODE, values=["cost_per_parcel_down_yuan", "societal_cost_per_parcel_yuan",
                                                            "village_coverage", "parcels_per_village_day"])
    out = pd.DataFrame({
        "parcels_per_village_day": wide[("parcels_per_village_day", "joint")],
        "cost_separate": wide[("cost_per_parcel_down_yuan", "separate")],
        "cost_joint": wide[("cost_per_parcel_down_yuan", "joint")],
        "societal_separate": wide[("societal_cost_per_parcel_yuan", "separate")],
        "societal_joint": wide[("societal_cost_per_parcel_yuan", "joint")],
        "coverage_separate": wide[("village_coverage", "separate")],
        "coverage_joint": wide[("village_coverage", "joint")]})
    out["joint_saving_share"] = 1.0 - out["cost_joint"] / out["cost_separate"]
    return out.reset_index()


def _heatmap(s: pd.DataFrame, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    grid = s.pivot_table(index="villages_per_100km2", columns=VOLUME, values="joint_saving_share")
    per_village = s.groupby(VOLUME)["parcels_per_village_day"].mean()
    fig, ax = plt.subplots(figsize=(7, 4))
    im = ax.imshow(grid.to_numpy() * 100, cmap="RdYlGn", vmin=-50, vmax=50, origin="lower", aspect="auto")
    for (i, j), v in pd.DataFrame(grid.to_numpy()).stack().items():
        ax.text(j, i, f"{v * 100:.0f}%", ha="center", va="center", fontsize=9)
    ax.set_xticks(range(grid.shape[1]), [f"{per_village[c]:.0f}" for c in grid.columns])
    ax.set_yticks(range(grid.shape[0]), [f"{d:.1f}" for d in grid.index])
    ax.set_xlabel("parcels per village per day")
    ax.set_ylabel("villages per 100 km²")
    fig.colorbar(im, label="joint's saving on operator cost per parcel (%)")
    ax.set_title("Synthetic county: how much cheaper joint distribution is per parcel", fontsize=10)
    fig.tight_layout()
    fig.savefig(out / "joint_saving.png", dpi=110)
    plt.close(fig)


def _markdown(name: str, s: pd.DataFrame) -> list[str]:
    dens = "villages_per_100km2" in s
    lines = [f"### {name}", "", ("| villages/100 km² " if dens else "") + "| parcels/village/day | cost separate | "
             "cost joint | joint saving | societal separate | societal joint | coverage separate | coverage joint |",
             ("|---" if dens else "") + "|---|---|---|---|---|---|---|---|"]
    for _, r in s.iterrows():
        lines.append((f"| {r['villages_per_100km2']:.1f} " if dens else "") +
                     f"| {r['parcels_per_village_day']:.1f} | {r['cost_separate']:.2f} | {r['cost_joint']:.2f} | "
                     f"{r['joint_saving_share'] * 100:.0f} % | {r['societal_separate']:.2f} | {r['societal_joint']:.2f} | "
                     f"{r['coverage_separate'] * 100:.0f} % | {r['coverage_joint'] * 100:.0f} % |")
    return lines + [""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--synthetic", type=Path, default=REPO / "results" / "joint_payoff_synthetic")
    parser.add_argument("--chongyang", type=Path, default=REPO / "results" / "joint_payoff_chongyang")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    synthetic = load(args.synthetic, SWEEPS / "joint_payoff_synthetic.toml")
    chongyang = load(args.chongyang, SWEEPS / "joint_payoff_chongyang.toml")
    panels = [(t, d) for t, d in (("Synthetic county (180 villages), by village density", synthetic),
                                  ("Chongyang (178 villages, ≈ 9 per 100 km²)", chongyang)) if d is not None]
    if not panels:
        raise SystemExit("error: no results to draw; run the sweeps first (see --help)")
    args.out.mkdir(parents=True, exist_ok=True)
    _plot_kpi("cost_per_parcel_down_yuan", panels, args.out, "cost_per_parcel.png")
    _plot_kpi("societal_cost_per_parcel_yuan", panels, args.out, "societal_cost_per_parcel.png")
    _plot_kpi("village_coverage", panels, args.out, "door_coverage.png")
    lines = ["# When does joint distribution pay off? — the numbers behind the figures", "",
             "Means over replications (generated by `experiments/joint_payoff/figures.py`).", ""]
    if synthetic is not None:
        s = _saving(synthetic)
        _heatmap(s, args.out)
        lines += _markdown("Synthetic county", s)
    if chongyang is not None:
        lines += _markdown("Chongyang", _saving(chongyang))
    (args.out / "table.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    print(f"wrote {', '.join(p.name for p in sorted(args.out.glob('*.png')))} and table.md into {args.out}")


if __name__ == "__main__":
    main()
