"""Tests for sim.routing (heuristics, checker, PyVRP adapter) and sim.vrpspd (benchmark reader)."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import numpy as np
import pytest
from conftest import SHARED, SHARED_DATA

from sim.routing import (
    InfeasibleProblemError,
    RoutingError,
    RoutingProblem,
    RoutingSolution,
    Tour,
    RoutingVehicle,
    check_solution,
    evaluate_tour,
    make_solution,
    solve,
)
from sim.routing.vrpspd import read_best_known, read_vrpspd, to_problem

DETHLOFF = SHARED_DATA / "vrpspd-dethloff"
BENCHMARK_SCRIPT = Path(__file__).resolve().parents[1] / "experiments" / "routing_benchmark.py"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is absent (real data lives beside the repository)")

# PyVRP in tests stops on an iteration cap (repeatable, whatever the machine's load); the
# time limit is only a guard far above what the cap takes.
PYVRP_TEST_ITERATIONS = 300
PYVRP_GUARD_S = 30.0
PYVRP = dict(time_limit_s=PYVRP_GUARD_S, max_iterations=PYVRP_TEST_ITERATIONS)
HEURISTICS = ("nearest", "savings")
SPEED_KMH = 30.0
DETOUR = 1.3
AREA_KM = 20.0


def random_problem(
    n: int,
    seed: int,
    *,
    capacity_kg: float = 100.0,
    asymmetric: bool = False,
    vehicle_types: tuple[RoutingVehicle, ...] | None = None,
    service_h: float | None = 0.1,
    time_windows: bool = False,
) -> RoutingProblem:
    """Random village cluster: pickups exceed deliveries at about half the clients."""
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, AREA_KM, size=(n + 1, 2))
    dist = np.linalg.norm(xy[:, None, :] - xy[None, :, :], axis=2) * DETOUR
    if asymmetric:
        dist = dist * rng.uniform(1.0, 1.3, size=dist.shape)
        np.fill_diagonal(dist, 0.0)
    delivery = rng.uniform(5, 30, n + 1)
    pickup = np.where(rng.random(n + 1) < 0.5, rng.uniform(30, 50, n + 1), rng.uniform(0, 10, n + 1))
    delivery[0] = pickup[0] = 0.0
    windows = None
    if time_windows:
        early = rng.uniform(0, 2, n + 1)
        windows = np.column_stack([early, early + rng.uniform(3, 6, n + 1)])
        windows[0] = (0.0, 24.0)
    return RoutingProblem(
        dist_km=dist,
        time_h=dist / SPEED_KMH,
        delivery_kg=delivery,
        pickup_kg=pickup,
        vehicle_types=vehicle_types or (RoutingVehicle(capacity_kg=capacity_kg),),
        service_h=None if service_h is None else np.full(n + 1, service_h),
        time_windows_h=windows,
    )


def assert_valid(problem: RoutingProblem, solution: RoutingSolution) -> None:
    """Independent re-check of the properties the brief asks for, plus check_solution."""
    check_solution(problem, solution)
    visited = np.concatenate([t.clients for t in solution.tours]) if solution.tours else np.zeros(0, int)
    assert sorted(visited.tolist()) == list(range(1, problem.num_clients + 1))
    for tour in solution.tours:
        path = [0, *tour.clients.tolist(), 0]
        assert tour.distance_km == pytest.approx(sum(problem.dist_km[a, b] for a, b in zip(path[:-1], path[1:])))
        vt = problem.vehicle_types[tour.vehicle_type]
        load = problem.delivery_kg[tour.clients].sum()
        assert tour.load_kg[0] == pytest.approx(load)
        for k, c in enumerate(tour.clients, 1):
            load += problem.pickup_kg[c] - problem.delivery_kg[c]
            assert tour.load_kg[k] == pytest.approx(load)
        assert tour.load_kg.max() <= vt.capacity_kg + 1e-6
        if math.isfinite(vt.max_duration_h):
            assert tour.duration_h <= vt.max_duration_h + 1e-6
    assert solution.distance_km == pytest.approx(sum(t.distance_km for t in solution.tours))


# --------------------------------------------------------------------------- feasibility
@pytest.mark.parametrize("solver", HEURISTICS)
@pytest.mark.parametrize("n", [1, 2, 5, 12, 25, 50])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_heuristics_feasible_on_random_problems(solver: str, n: int, seed: int) -> None:
    problem = random_problem(n, seed)
    assert_valid(problem, solve(problem, solver=solver))


@pytest.mark.parametrize("n", [3, 15, 30])
def test_pyvrp_feasible_on_random_problems(n: int) -> None:
    problem = random_problem(n, seed=n)
    solution = solve(problem, solver="pyvrp", **PYVRP, seed=0)
    assert_valid(problem, solution)
    assert solution.solver == "pyvrp"


def test_load_rises_mid_tour() -> None:
    """Pickups exceed deliveries: the peak is not always at the depot and is still ≤ capacity."""
    problem = random_problem(25, seed=3)
    solution = solve(problem, solver="savings")
    assert_valid(problem, solution)
    rises = [t for t in solution.tours if np.any(np.diff(t.load_kg) > 0)]
    assert rises, "expected some tour whose load increases after a pickup"
    assert any(t.load_kg.max() > t.load_kg[0] for t in solution.tours)


@pytest.mark.parametrize("solver", [*HEURISTICS, "pyvrp"])
def test_asymmetric_multi_type_duration_and_time_windows(solver: str) -> None:
    types = (
        RoutingVehicle(capacity_kg=60.0, fixed_cost_yuan=20.0, cost_per_km_yuan=1.0, max_duration_h=6.0, name="tricycle"),
        RoutingVehicle(capacity_kg=150.0, num_available=3, fixed_cost_yuan=60.0, cost_per_km_yuan=1.8, max_duration_h=8.0, name="van"),
    )
    problem = random_problem(20, seed=7, asymmetric=True, vehicle_types=types, time_windows=True)
    solution = solve(problem, solver=solver, **PYVRP)
    assert_valid(problem, solution)
    for tour in solution.tours:
        windows = problem.time_windows_h
        assert np.all(tour.arrival_h <= windows[tour.clients, 1] + 1e-9)
    expected_cost = sum(types[t.vehicle_type].fixed_cost_yuan + types[t.vehicle_type].cost_per_km_yuan * t.distance_km for t in solution.tours)
    assert solution.cost_yuan == pytest.approx(expected_cost)


def test_heuristic_picks_cheapest_fitting_type() -> None:
    small = RoutingVehicle(capacity_kg=1_000.0, cost_per_km_yuan=1.0, name="small")
    big = RoutingVehicle(capacity_kg=5_000.0, cost_per_km_yuan=3.0, name="big")
    problem = random_problem(8, seed=4, vehicle_types=(big, small))
    solution = solve(problem, solver="savings")
    assert {t.vehicle_type for t in solution.tours} == {1}


def test_savings_deterministic_and_not_worse_than_nearest() -> None:
    problem = random_problem(30, seed=5)
    first, second = solve(problem), solve(problem)
    assert [t.clients.tolist() for t in first.tours] == [t.clients.tolist() for t in second.tours]
    assert first.distance_km <= solve(problem, solver="nearest").distance_km + 1e-9


def test_pyvrp_same_seed_same_tours() -> None:
    problem = random_problem(15, seed=11)
    runs = [solve(problem, solver="pyvrp", **PYVRP, seed=42) for _ in range(2)]
    assert [t.clients.tolist() for t in runs[0].tours] == [t.clients.tolist() for t in runs[1].tours]
    assert runs[0].distance_km == runs[1].distance_km


def test_empty_problem() -> None:
    problem = RoutingProblem(np.zeros((1, 1)), np.zeros((1, 1)), np.zeros(1), np.zeros(1), (RoutingVehicle(10.0),))
    for solver in ("nearest", "savings", "pyvrp"):
        solution = solve(problem, solver=solver)  # type: ignore[arg-type]
        assert solution.tours == () and solution.distance_km == 0.0 and solution.cost_yuan == 0.0


# --------------------------------------------------------------------------- checker
def test_checker_catches_overload() -> None:
    problem = random_problem(6, seed=0, capacity_kg=1_000.0)
    ok = solve(problem)
    tight = RoutingProblem(problem.dist_km, problem.time_h, problem.delivery_kg, problem.pickup_kg, (RoutingVehicle(capacity_kg=60.0),))
    one_tour = make_solution(tight, [(list(range(1, 7)), 0)], "hand", 0.0)
    with pytest.raises(RoutingError, match="exceeds capacity"):
        check_solution(tight, one_tour)
    check_solution(problem, ok)


def test_checker_catches_missing_duplicate_and_wrong_distance() -> None:
    problem = random_problem(4, seed=0, capacity_kg=1_000.0)
    with pytest.raises(RoutingError, match="client 4 is visited 0 times"):
        check_solution(problem, make_solution(problem, [([1, 2, 3], 0)], "hand", 0.0))
    with pytest.raises(RoutingError, match="client 2 is visited 2 times"):
        check_solution(problem, make_solution(problem, [([1, 2, 3, 4], 0), ([2], 0)], "hand", 0.0))
    good = evaluate_tour(problem, [1, 2, 3, 4], 0)
    bad_tour = Tour(0, good.clients, good.distance_km * 0.5, good.duration_h, good.arrival_h, good.load_kg)
    bad = RoutingSolution((bad_tour,), bad_tour.distance_km, bad_tour.distance_km, "hand", 0.0)
    with pytest.raises(RoutingError, match="distance_km"):
        check_solution(problem, bad)


def test_checker_catches_duration_and_fleet_size() -> None:
    base = random_problem(4, seed=0)
    short = RoutingProblem(base.dist_km, base.time_h, base.delivery_kg, base.pickup_kg, (RoutingVehicle(1_000.0, num_available=1, max_duration_h=0.5),))
    with pytest.raises(RoutingError, match="duration"):
        check_solution(short, make_solution(short, [([1, 2, 3, 4], 0)], "hand", 0.0))
    one_van = RoutingProblem(base.dist_km, base.time_h, base.delivery_kg, base.pickup_kg, (RoutingVehicle(1_000.0, num_available=1),))
    with pytest.raises(RoutingError, match="used 2 times but only 1 available"):
        check_solution(one_van, make_solution(one_van, [([1], 0), ([2, 3, 4], 0)], "hand", 0.0))


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("solver", ["nearest", "savings", "pyvrp"])
def test_oversized_client_raises_before_searching(solver: str) -> None:
    problem = random_problem(30, seed=1)
    heavy = problem.pickup_kg.copy()
    heavy[7] = 850.0
    bad = RoutingProblem(problem.dist_km, problem.time_h, problem.delivery_kg, heavy, (RoutingVehicle(600.0), RoutingVehicle(100.0)))
    with pytest.raises(InfeasibleProblemError, match="client 7 needs 850.0 kg pickup but the largest vehicle carries 600.0 kg"):
        solve(bad, solver=solver, **PYVRP)  # type: ignore[arg-type]


def test_client_beyond_max_duration_raises() -> None:
    problem = random_problem(5, seed=1, vehicle_types=(RoutingVehicle(1_000.0, max_duration_h=0.05),))
    with pytest.raises(InfeasibleProblemError, match="round trip"):
        solve(problem)


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("dist_km", lambda p: {"dist_km": np.zeros((p.num_clients + 1, 3))}),
        ("time_h", lambda p: {"time_h": -p.time_h}),
        ("delivery_kg", lambda p: {"delivery_kg": np.r_[5.0, p.delivery_kg[1:]]}),
        ("pickup_kg", lambda p: {"pickup_kg": np.r_[p.pickup_kg[:-1], np.nan]}),
        ("service_h", lambda p: {"service_h": np.ones(2)}),
        ("time_windows_h", lambda p: {"time_windows_h": np.tile([5.0, 1.0], (p.num_clients + 1, 1))}),
        ("vehicle_types", lambda p: {"vehicle_types": ()}),
    ],
)
def test_problem_validation_names_field(field: str, change) -> None:  # type: ignore[no-untyped-def]
    base = random_problem(4, seed=0)
    kwargs = {
        "dist_km": base.dist_km,
        "time_h": base.time_h,
        "delivery_kg": base.delivery_kg,
        "pickup_kg": base.pickup_kg,
        "vehicle_types": base.vehicle_types,
        "service_h": base.service_h,
    }
    kwargs.update(change(base))
    with pytest.raises(RoutingError, match=field):
        RoutingProblem(**kwargs)


# --------------------------------------------------------------------------- .vrpspd reader
TINY_VRPSPD = """NAME : tiny
TYPE : VRPSPD
DIMENSION : 4
VEHICLES : 2
CAPACITY : 10
EDGE_WEIGHT_TYPE : EXPLICIT
EDGE_WEIGHT_FORMAT : FULL_MATRIX
EDGE_WEIGHT_SECTION
0 3 4 5 3 0 5
4 4 5 0 6
5 4 6 0
PICKUP_AND_DELIVERY_SECTION
1 0 0 1000 0 0 0
2 0 0 1000 0 4 6
3 0 0 1000 0 5 2
4 0 0 1000 0 3 7
DEPOT_SECTION
1
-1
EOF
"""


def test_reader_tiny_file_with_wrapped_matrix(tmp_path: Path) -> None:
    path = tmp_path / "tiny.vrpspd"
    path.write_text(TINY_VRPSPD)
    inst = read_vrpspd(path)
    assert (inst.name, inst.dimension, inst.vehicles, inst.capacity) == ("tiny", 4, 2, 10)
    assert inst.dist.shape == (4, 4) and inst.dist[1, 2] == 5 and inst.dist[3, 0] == 5
    assert inst.delivery.tolist() == [0, 4, 5, 3] and inst.pickup.tolist() == [0, 6, 2, 7]
    problem = to_problem(inst)
    assert problem.vehicle_types[0].num_available == 2
    assert_valid(problem, solve(problem))


@pytest.mark.parametrize(
    ("mangle", "section"),
    [
        (lambda s: s.replace("5 4 6 0\n", "5 4 6\n"), "EDGE_WEIGHT_SECTION"),
        (lambda s: s.replace("3 0 0 1000 0 5 2", "3 0 0 1000 0 VRPSPD"), "PICKUP_AND_DELIVERY_SECTION"),
        (lambda s: s.replace("DIMENSION : 4\n", ""), "header"),
        (lambda s: s.replace("CAPACITY : 10", "CAPACITY : lots"), "header"),
        (lambda s: s.replace("DEPOT_SECTION\n1\n", "DEPOT_SECTION\n2\n"), "DEPOT_SECTION"),
        (lambda s: s.replace("EDGE_WEIGHT_SECTION", "NODE_COORD_SECTION"), "header"),
    ],
)
def test_reader_malformed_file_names_file_and_section(tmp_path: Path, mangle, section: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "broken-instance.vrpspd"
    path.write_text(mangle(TINY_VRPSPD))
    with pytest.raises(RoutingError, match=f"broken-instance.vrpspd: {section}"):
        read_vrpspd(path)


def test_read_best_known(tmp_path: Path) -> None:
    path = tmp_path / "best.csv"
    path.write_text("instance,best_known_distance\nA,12\nB,7\n")
    assert read_best_known(path) == {"A": 12, "B": 7}
    (tmp_path / "bad.csv").write_text("name,value\nA,1\n")
    with pytest.raises(RoutingError, match="bad.csv"):
        read_best_known(tmp_path / "bad.csv")


def test_benchmark_script_runs_on_tiny_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("routing_benchmark", BENCHMARK_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    main = module.main

    (tmp_path / "tiny.vrpspd").write_text(TINY_VRPSPD)
    (tmp_path / "best_known.csv").write_text("instance,best_known_distance\ntiny,20\n")
    assert main([str(tmp_path), "--solvers", "savings"]) == 0
    out = capsys.readouterr().out
    assert "tiny" in out and "mean gap" in out


# --------------------------------------------------------------------------- shared Dethloff data
@needs_shared
@pytest.mark.parametrize(("name", "capacity"), [("CON3-1", None), ("SCA3-0", None)])
def test_reader_on_shared_instances(name: str, capacity: int | None) -> None:
    inst = read_vrpspd(DETHLOFF / f"{name}.vrpspd")
    assert inst.name == name
    assert (inst.dimension, inst.vehicles) == (51, 4)
    assert inst.capacity > 0
    assert inst.dist.shape == (51, 51) and inst.dist.dtype == np.int64
    assert np.all(np.diag(inst.dist) == 0)
    assert inst.delivery[0] == 0 and inst.pickup[0] == 0 and inst.delivery[1:].min() > 0
    best = read_best_known(DETHLOFF / "best_known.csv")
    assert len(best) == 20 and best[name] > 0


@needs_shared
def test_shared_con3_0_is_rejected_with_a_named_error() -> None:
    """The shared CON3-0 file is damaged (TYPE MVRPB, node 2's row ends in 'VRPSPD'):
    the reader must refuse it with a message naming the file and the section."""
    with pytest.raises(RoutingError) as info:
        read_vrpspd(DETHLOFF / "CON3-0.vrpspd")
    assert "CON3-0.vrpspd" in str(info.value)
    assert "PICKUP_AND_DELIVERY_SECTION" in str(info.value)


@needs_shared
@pytest.mark.parametrize("name", ["CON3-1", "SCA3-0"])
def test_pyvrp_gap_on_shared_instance(name: str) -> None:
    inst = read_vrpspd(DETHLOFF / f"{name}.vrpspd")
    best = read_best_known(DETHLOFF / "best_known.csv")[name]
    solution = solve(to_problem(inst), solver="pyvrp", time_limit_s=PYVRP_GUARD_S, max_iterations=1000, seed=0)
    gap = (solution.distance_km - best) / best
    assert gap <= 0.03, f"gap {gap:.2%}"
    assert len(solution.tours) <= inst.vehicles


@pytest.mark.parametrize("solver", ["savings", "pyvrp"])
def test_fixed_cost_merges_routes_on_a_star_network(solver: str) -> None:
    """Villages on separate branches (d_ij = d_i0 + d_0j): no distance is saved by sharing a
    van, but the vehicle's fixed cost is, so one van must serve all that fit."""
    n = 6
    leg = np.arange(1.0, n + 1.0)
    dist = np.zeros((n + 1, n + 1))
    dist[0, 1:] = dist[1:, 0] = leg
    dist[1:, 1:] = leg[:, None] + leg[None, :]
    np.fill_diagonal(dist, 0.0)
    problem = RoutingProblem(
        dist_km=dist, time_h=dist / 30.0,
        delivery_kg=np.r_[0.0, np.full(n, 50.0)], pickup_kg=np.r_[0.0, np.full(n, 20.0)],
        vehicle_types=(RoutingVehicle(capacity_kg=600.0, fixed_cost_yuan=150.0, cost_per_km_yuan=1.0),),
    )
    solution = solve(problem, solver=solver, **PYVRP, seed=0)
    assert len(solution.tours) == 1
    assert solution.distance_km == pytest.approx(2 * leg.sum())


def test_pyvrp_adds_a_van_rather_than_overload_by_a_few_grams() -> None:
    """Total delivery 0.1 kg over one van: PyVRP must use two vans, not return an
    overloaded tour (its default penalty cap priced 150 g of overload below a van)."""
    n = 15
    rng = np.random.default_rng(0)
    pts = rng.uniform(0, 10, (n + 1, 2))
    dist = np.linalg.norm(pts[:, None] - pts[None], axis=2)
    delivery = np.r_[0.0, np.full(n, 600.1 / n)]
    problem = RoutingProblem(
        dist_km=dist, time_h=dist / 30.0, delivery_kg=delivery, pickup_kg=np.zeros(n + 1),
        vehicle_types=(RoutingVehicle(capacity_kg=600.0, fixed_cost_yuan=150.0, cost_per_km_yuan=1.0, max_duration_h=8.0),),
        service_h=np.r_[0.0, np.full(n, 1 / 6)],
    )
    solution = solve(problem, solver="pyvrp", seed=42, max_iterations=1000)
    assert len(solution.tours) == 2
    check_solution(problem, solution)
