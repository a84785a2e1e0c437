"""Construction heuristics for VRPSPD tours: nearest neighbour and Clarke–Wright savings."""

from __future__ import annotations

import math

import numpy as np

from sim.routing.context import SearchContext
from sim.routing.problem import InfeasibleProblemError

# --------------------------------------------------------------------------- nearest neighbour
def nearest_routes(ctx: SearchContext) -> list[list[int]]:
    """Nearest-neighbour tours: extend with the closest client that keeps the tour feasible."""
    d, dl, pk = ctx.d, ctx.dl, ctx.pk
    unvisited = set(range(1, ctx.n + 1))
    routes: list[list[int]] = []
    while unvisited:
        seq: list[int] = []
        peak = 0.0  # peak load of seq
        end_load = 0.0  # load after the last client of seq (= its pickups)
        here = 0
        while True:
            best, best_d = -1, math.inf
            for c in unvisited:  # ties go to the lower index (see the condition)
                dc = d[here][c]
                if dc < best_d or (dc == best_d and c < best):
                    new_peak = max(peak + dl[c], end_load + pk[c])
                    if new_peak > ctx.max_cap:
                        continue
                    cand = seq + [c]
                    if not ctx.fits(new_peak, ctx.schedule(cand)):
                        continue
                    best, best_d = c, dc
            if best < 0:
                break
            peak = max(peak + dl[best], end_load + pk[best])
            end_load += pk[best]
            seq.append(best)
            unvisited.discard(best)
            here = best
        if not seq:  # cannot happen after precheck, but never loop forever
            raise InfeasibleProblemError(f"clients {sorted(unvisited)} cannot be served by any vehicle")
        routes.append(seq)
    return routes


# --------------------------------------------------------------------------- savings
class _SavingsRoute:
    """A savings route with O(1) merge data for both orientations (forward / reversed)."""

    __slots__ = ("seq", "dl", "pk", "peak_f", "peak_r", "dur_f", "dur_r")

    def __init__(self, seq: list[int], dl: float, pk: float, peak_f: float, peak_r: float, dur_f: float, dur_r: float) -> None:
        self.seq = seq
        self.dl = dl  # total delivery, kg
        self.pk = pk  # total pickup, kg
        self.peak_f = peak_f  # peak load driven forward, kg
        self.peak_r = peak_r  # peak load driven reversed, kg
        self.dur_f = dur_f  # duration forward (no time windows), h
        self.dur_r = dur_r  # duration reversed, h


def _savings_pairs(ctx: SearchContext, lam: float) -> list[tuple[int, int]]:
    """Pairs (i, j) with positive saving s_ij = d_i0 + d_0j − λ d_ij + F, best first, ties by (i, j).

    F is the fixed cost of a vehicle in km-equivalents (fixed yuan / yuan per km of the
    cheapest type): merging two routes also saves a vehicle. On a tree-like rural road
    network d_i0 + d_0j − d_ij is often 0 for villages on different branches; without F
    those would never share a van. Unordered pairs (i < j) when the matrices are
    symmetric, ordered pairs otherwise.
    """
    d = ctx.problem.dist_km
    n = ctx.n
    if ctx.pair_index is None:
        ii, jj = np.triu_indices(n, k=1) if ctx.symmetric else np.nonzero(~np.eye(n, dtype=bool))
        ctx.pair_index = (ii + 1, jj + 1)  # row-major order = (i, j) order
    ii, jj = ctx.pair_index
    sav = d[ii, 0] + d[0, jj] - lam * d[ii, jj] + ctx.fixed_km
    order = np.argsort(-sav, kind="stable")
    order = order[sav[order] > 0]
    return list(zip(ii[order].tolist(), jj[order].tolist()))


def savings_routes(ctx: SearchContext, lam: float) -> list[list[int]]:
    """Clarke–Wright savings for VRPSPD: merge route ends while the load profile and duration stay feasible.

    Route A (ending in i) + route B (starting with j): loads on A rise by B's deliveries
    and loads on B by A's pickups, so peak(A+B) = max(peak_A + D_B, peak_B + P_A). On
    symmetric matrices a route may be reversed to bring i or j to the right end.
    """
    t, dl, pk, svc = ctx.t, ctx.dl, ctx.pk, ctx.svc
    route_of: list[_SavingsRoute] = [None] * (ctx.n + 1)  # type: ignore[list-item]
    for c in range(1, ctx.n + 1):
        dur = svc[0] + t[0][c] + svc[c] + t[c][0]
        peak = dl[c] if dl[c] > pk[c] else pk[c]
        route_of[c] = _SavingsRoute([c], dl[c], pk[c], peak, peak, dur, dur)
    max_cap, symmetric, has_tw = ctx.max_cap, ctx.symmetric, ctx.has_tw
    for i, j in _savings_pairs(ctx, lam):
        a, b = route_of[i], route_of[j]
        if a is b:
            continue
        a_seq, b_seq = a.seq, b.seq
        # orient: A must end with i, B must start with j (reversal only if symmetric)
        if a_seq[-1] == i:
            a_rev = False
        elif symmetric and a_seq[0] == i:
            a_rev = True
        else:
            continue
        if b_seq[0] == j:
            b_rev = False
        elif symmetric and b_seq[-1] == j:
            b_rev = True
        else:
            continue
        a_pf, a_pr = (a.peak_r, a.peak_f) if a_rev else (a.peak_f, a.peak_r)
        b_pf, b_pr = (b.peak_r, b.peak_f) if b_rev else (b.peak_f, b.peak_r)
        peak_f = max(a_pf + b.dl, b_pf + a.pk)
        if peak_f > max_cap:
            continue
        seq = (a_seq[::-1] if a_rev else a_seq) + (b_seq[::-1] if b_rev else b_seq)
        if has_tw:
            dur_f = ctx.schedule(seq)
            dur_r = ctx.schedule(seq[::-1]) if symmetric else math.inf
        else:
            a_df, a_dr = (a.dur_r, a.dur_f) if a_rev else (a.dur_f, a.dur_r)
            b_df, b_dr = (b.dur_r, b.dur_f) if b_rev else (b.dur_f, b.dur_r)
            # both halves counted the depot's service time once; keep one
            dur_f = a_df + b_df - t[i][0] - t[0][j] + t[i][j] - svc[0]
            dur_r = a_dr + b_dr - t[0][i] - t[j][0] + t[j][i] - svc[0]
        if not ctx.fits(peak_f, dur_f):
            continue
        peak_r = max(b_pr + a.dl, a_pr + b.pk)
        merged = _SavingsRoute(seq, a.dl + b.dl, a.pk + b.pk, peak_f, peak_r, dur_f, dur_r)
        for c in seq:
            route_of[c] = merged
    routes: list[list[int]] = []
    seen: set[int] = set()
    for c in range(1, ctx.n + 1):
        r = route_of[c]
        if id(r) not in seen:
            seen.add(id(r))
            routes.append(r.seq)
    return routes


