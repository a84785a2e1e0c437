"""The plot and the page of a policy search: the trade-off front and the best lever mixes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.experiments.search_file import Search
from sim.experiments.task import plain
from sim.kpis import registry


def _label(kpi: str) -> str:
    k = registry.BY_KEY.get(kpi)
    return f"{k.label_en} ({'share' if k.is_share else k.unit})" if k else kpi


def objective_label(search: Search) -> str:
    return " + ".join(_label(k) for k in search.objective)


def plot_front(path: Path, search: Search, trials: pd.DataFrame, front: pd.DataFrame, best: pd.DataFrame) -> None:
    """Objective against each constrained KPI: every candidate, the feasible ones, the front, the best."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ok = trials[trials["error"] == ""]
    axes_kpis = list(search.constraints) or [k for k in ok.columns if k in registry.BY_KEY][:1]
    fig, axes = plt.subplots(1, max(1, len(axes_kpis)), figsize=(5.2 * max(1, len(axes_kpis)), 4.2), squeeze=False)
    for ax, kpi in zip(axes[0], axes_kpis):
        feasible = ok["feasible"]
        ax.scatter(ok.loc[~feasible, kpi], ok.loc[~feasible, "objective"], s=18, c="#bbbbbb",
                   label="misses a target")
        ax.scatter(ok.loc[feasible, kpi], ok.loc[feasible, "objective"], s=22, c="#1f77b4", label="meets every target")
        if len(front):
            f = front.sort_values(kpi)
            ax.plot(f[kpi], f["objective"], "-", color="#ff7f0e", lw=1, alpha=0.8)
            ax.scatter(f[kpi], f["objective"], s=40, facecolors="none", edgecolors="#ff7f0e", label="trade-off front")
        if len(best):
            ax.scatter(best[kpi].iloc[:1], best["objective"].iloc[:1], marker="*", s=220, c="#d62728",
                       label="best mix", zorder=5)
        low, high = search.constraints.get(kpi, (None, None))
        for bound in (low, high):
            if bound is not None:
                ax.axvline(bound, color="#d62728", ls="--", lw=0.8)
        ax.set_xlabel(_label(kpi), fontsize=8)
        ax.set_ylabel("\n+ ".join(search.objective), fontsize=8)
        ax.grid(alpha=0.3)
    axes[0][0].legend(fontsize=7)
    fig.suptitle(f"Search {search.name}: {len(ok)} candidates, {int(ok['feasible'].sum())} meet every target "
                 f"({'minimise' if search.direction == 'minimize' else 'maximise'} the y axis)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _row(r: pd.Series, search: Search) -> str:
    levers = ", ".join(f"`{lv.key}` = {plain(r[lv.key])!r}" for lv in search.levers)
    kpis = ", ".join(f"{k} {r[k]:.3g}" for k in search.constraints)
    return f"| {int(r['trial'])} | {levers} | {r['objective']:.3f} | {kpis} |"


def summary_markdown(search: Search, trials: pd.DataFrame, best: pd.DataFrame, front: pd.DataFrame) -> str:
    targets = ", ".join(f"{k} {'≥ ' + str(lo) if lo is not None else ''}{' and ' if lo is not None and hi is not None else ''}"
                        f"{'≤ ' + str(hi) if hi is not None else ''}" for k, (lo, hi) in search.constraints.items())
    verb = "Minimise" if search.direction == "minimize" else "Maximise"
    lines = [f"# Policy search: {search.name}", "",
             f"{verb} {objective_label(search)} subject to {targets or 'no target'}, over "
             f"{', '.join(f'`{lv.key}`' for lv in search.levers)}; {len(trials)} candidates "
             f"({search.sampler}, seed {search.seed}), each the mean of {search.replications} replication(s) of "
             f"{search.base.scenario.days} days on `{search.base.scenario.name}`.", ""]
    failed = int((trials["error"] != "").sum())
    if failed:
        lines += [f"{failed} candidate(s) raised or gave no value (column `error` of trials.csv).", ""]
    header = "| trial | levers | objective | " + ", ".join(search.constraints) + " |\n|---|---|---|---|"
    if len(best):
        lines += ["## Best mixes (meet every target)", "", header] + [_row(r, search) for _, r in best.iterrows()]
    else:
        lines += ["## No candidate met every target", "", "The closest, by total shortfall:", "", header]
        closest = trials[trials["error"] == ""].sort_values(["violation", "objective"]).head(5)
        lines += [_row(r, search) for _, r in closest.iterrows()]
    lines += ["", "## Trade-off front", "", "Candidates that no other beats on the objective and every "
              "constrained KPI at once (`front.csv`):", "", header] + [_row(r, search) for _, r in front.iterrows()]
    lines += ["", "![trade-off front](front.png)", ""]
    return "\n".join(lines)
