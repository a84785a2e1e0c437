"""Local search on VRPSPD routes: 2-opt and or-opt within a route; relocate, swap and
2-opt* between routes. O(1) move evaluation, first improvement, deterministic."""

from __future__ import annotations

from sim.routing.context import SearchContext

# Longest chain of consecutive clients moved by the or-opt (segment relocate) move.
OR_OPT_MAX_SEGMENT = 3
# Improvements smaller than this (in km) are treated as no improvement; it stops the
# local search from cycling on floating-point noise.
MIN_IMPROVEMENT_KM = 1e-9


# --------------------------------------------------------------------------- local search
def improve_intra(ctx: SearchContext, seq: list[int]) -> list[int]:
    """Return seq improved by 2-opt (segment reversal) and or-opt (move 1–3 clients), first improvement.

    Distance deltas are O(1) (prefix sums of forward and backward leg lengths handle
    asymmetric matrices); the feasibility check runs only on improving candidates.
    """
    if len(seq) < 2:
        return seq
    d = ctx.d
    best = list(seq)
    improved = True
    while improved:
        improved = False
        k = len(best)
        path = [0, *best, 0]
        # fwd[m] = length of path[0..m] driven forward, bwd[m] = same legs driven backward
        fwd = [0.0] * (k + 2)
        bwd = [0.0] * (k + 2)
        for m in range(1, k + 2):
            fwd[m] = fwd[m - 1] + d[path[m - 1]][path[m]]
            bwd[m] = bwd[m - 1] + d[path[m]][path[m - 1]]
        # 2-opt: reverse path[i..j] (1 <= i < j <= k)
        for i in range(1, k):
            p = path[i - 1]
            pi = path[i]
            for j in range(i + 1, k + 1):
                q = path[j + 1]
                pj = path[j]
                delta = d[p][pj] + d[pi][q] - d[p][pi] - d[pj][q] + (bwd[j] - bwd[i]) - (fwd[j] - fwd[i])
                if delta < -MIN_IMPROVEMENT_KM:
                    cand = best[: i - 1] + best[i - 1 : j][::-1] + best[j:]
                    if ctx.feasible(cand):
                        best, improved = cand, True
                        break
            if improved:
                break
        if improved:
            continue
        # or-opt: move path[i..i+L-1] between path[m-1] and path[m] (outside the segment)
        for L in range(1, min(OR_OPT_MAX_SEGMENT, k - 1) + 1):
            for i in range(1, k - L + 2):
                e = i + L - 1
                s0, s1 = path[i], path[e]
                prev, nxt = path[i - 1], path[e + 1]
                gain = d[prev][s0] + d[s1][nxt] - d[prev][nxt]
                for m in range(1, k + 2):
                    if i <= m <= e + 1:
                        continue
                    a, b = path[m - 1], path[m]
                    delta = d[a][s0] + d[s1][b] - d[a][b] - gain
                    if delta < -MIN_IMPROVEMENT_KM:
                        seg = best[i - 1 : e]
                        rest = best[: i - 1] + best[e:]
                        pos = m - 1 if m < i else m - 1 - L
                        cand = rest[:pos] + seg + rest[pos:]
                        if ctx.feasible(cand):
                            best, improved = cand, True
                            break
                if improved:
                    break
            if improved:
                break
    return best


class _Loads:
    """Load profile of one route for O(1) capacity checks of inter-route moves.

    ``load[m]`` is the load after the first m clients (m = 0: leaving the depot);
    ``pre[m]`` / ``suf[m]`` are the max of load[0..m] / load[m..k]; ``cum_dl[m]`` /
    ``cum_pk[m]`` the deliveries / pickups of the first m clients; ``path`` is the route
    with the depot at both ends.
    """

    __slots__ = ("path", "load", "pre", "suf", "cum_dl", "cum_pk")

    def __init__(self, ctx: SearchContext, seq: list[int]) -> None:
        dl, pk = ctx.dl, ctx.pk
        k = len(seq)
        cum_dl = [0.0] * (k + 1)
        cum_pk = [0.0] * (k + 1)
        for m, c in enumerate(seq, 1):
            cum_dl[m] = cum_dl[m - 1] + dl[c]
            cum_pk[m] = cum_pk[m - 1] + pk[c]
        total_dl = cum_dl[k]
        load = [total_dl - cum_dl[m] + cum_pk[m] for m in range(k + 1)]
        pre = load[:]
        for m in range(1, k + 1):
            if pre[m - 1] > pre[m]:
                pre[m] = pre[m - 1]
        suf = load[:]
        for m in range(k - 1, -1, -1):
            if suf[m + 1] > suf[m]:
                suf[m] = suf[m + 1]
        self.path = [0, *seq, 0]
        self.load, self.pre, self.suf, self.cum_dl, self.cum_pk = load, pre, suf, cum_dl, cum_pk


def improve_inter(ctx: SearchContext, routes: list[list[int]]) -> list[list[int]]:
    """Return routes improved by relocate, swap and 2-opt* between routes, plus intra-route moves.

    Distance deltas and capacity checks are O(1) (see :class:`_Loads`); the full O(len)
    check runs only for improving moves when durations or time windows can bind. Clients
    are scanned in index order with first improvement, so the result is deterministic.
    """
    d, dl, pk = ctx.d, ctx.dl, ctx.pk
    cap = ctx.max_cap
    timed = ctx.timed
    routes = [improve_intra(ctx, list(r)) for r in routes]
    info = [_Loads(ctx, r) for r in routes]
    where = [(-1, -1)] * (ctx.n + 1)  # client -> (route, position in path)

    def locate(r: int) -> None:
        for m, c in enumerate(routes[r], 1):
            where[c] = (r, m)

    for r in range(len(routes)):
        locate(r)

    def apply(a: int, b: int, new_a: list[int], new_b: list[int]) -> None:
        routes[a], routes[b] = new_a, new_b
        info[a], info[b] = _Loads(ctx, new_a), _Loads(ctx, new_b)
        locate(a)
        locate(b)

    improved = True
    while improved:
        improved = False
        for c in range(1, ctx.n + 1):
            a, ia = where[c]
            A = info[a]
            pa, na = A.path[ia - 1], A.path[ia + 1]
            remove_gain = d[pa][c] + d[c][na] - d[pa][na]
            dc, pc = dl[c], pk[c]
            moved = False
            for b in range(len(routes)):
                if b == a:
                    continue
                B = info[b]
                path_b, pre_b, suf_b = B.path, B.pre, B.suf
                # relocate c between path_b[p-1] and path_b[p]
                for p in range(1, len(path_b)):
                    x, y = path_b[p - 1], path_b[p]
                    if d[x][c] + d[c][y] - d[x][y] - remove_gain < -MIN_IMPROVEMENT_KM:
                        if max(pre_b[p - 1] + dc, suf_b[p - 1] + pc) > cap:
                            continue
                        new_a = routes[a][: ia - 1] + routes[a][ia:]
                        new_b = routes[b][: p - 1] + [c] + routes[b][p - 1 :]
                        if timed and not (ctx.feasible(new_b) and (not new_a or ctx.feasible(new_a))):
                            continue
                        apply(a, b, new_a, new_b)
                        moved = True
                        break
                if moved:
                    break
                # swap c with e = path_b[q]
                pre_a, suf_a = A.pre, A.suf
                for q in range(1, len(path_b) - 1):
                    e = path_b[q]
                    pb, nb = path_b[q - 1], path_b[q + 1]
                    delta = d[pa][e] + d[e][na] - d[pa][c] - d[c][na] + d[pb][c] + d[c][nb] - d[pb][e] - d[e][nb]
                    if delta < -MIN_IMPROVEMENT_KM:
                        de, pe = dl[e], pk[e]
                        if max(pre_a[ia - 1] + de - dc, suf_a[ia] + pe - pc) > cap:
                            continue
                        if max(pre_b[q - 1] + dc - de, suf_b[q] + pc - pe) > cap:
                            continue
                        new_a = routes[a][: ia - 1] + [e] + routes[a][ia:]
                        new_b = routes[b][: q - 1] + [c] + routes[b][q:]
                        if timed and not (ctx.feasible(new_a) and ctx.feasible(new_b)):
                            continue
                        apply(a, b, new_a, new_b)
                        moved = True
                        break
                if moved:
                    break
            improved = improved or moved
        # 2-opt*: new_a = A[:ia] + B[ib:], new_b = B[:ib] + A[ia:]
        for a in range(len(routes)):
            for b in range(a + 1, len(routes)):
                A, B = info[a], info[b]
                ka, kb = len(routes[a]), len(routes[b])
                tot_a, tot_b = A.cum_dl[ka], B.cum_dl[kb]
                done = False
                for ia in range(ka + 1):
                    x, xn = A.path[ia], A.path[ia + 1]
                    # standalone peak of A's first ia clients / of A's clients after ia
                    a_head = A.pre[ia] - (tot_a - A.cum_dl[ia])
                    a_tail = A.suf[ia] - A.cum_pk[ia]
                    for ib in range(kb + 1):
                        if (ia == 0 and ib == 0) or (ia == ka and ib == kb):
                            continue
                        y, yn = B.path[ib], B.path[ib + 1]
                        if d[x][yn] + d[y][xn] - d[x][xn] - d[y][yn] >= -MIN_IMPROVEMENT_KM:
                            continue
                        b_head = B.pre[ib] - (tot_b - B.cum_dl[ib])
                        b_tail = B.suf[ib] - B.cum_pk[ib]
                        if max(a_head + (tot_b - B.cum_dl[ib]), b_tail + A.cum_pk[ia]) > cap:
                            continue
                        if max(b_head + (tot_a - A.cum_dl[ia]), a_tail + B.cum_pk[ib]) > cap:
                            continue
                        new_a = routes[a][:ia] + routes[b][ib:]
                        new_b = routes[b][:ib] + routes[a][ia:]
                        if timed and not ((not new_a or ctx.feasible(new_a)) and (not new_b or ctx.feasible(new_b))):
                            continue
                        apply(a, b, new_a, new_b)
                        improved = done = True
                        break
                    if done:
                        break
        if any(not r for r in routes):
            keep = [r for r in range(len(routes)) if routes[r]]
            routes = [routes[r] for r in keep]
            info = [info[r] for r in keep]
            for r in range(len(routes)):
                locate(r)
        if not improved:
            for r in range(len(routes)):
                polished = improve_intra(ctx, routes[r])
                if polished != routes[r]:
                    routes[r] = polished
                    info[r] = _Loads(ctx, polished)
                    locate(r)
                    improved = True
    return routes


