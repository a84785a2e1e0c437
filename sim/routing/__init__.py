"""Van routing from one station: vehicle routing with simultaneous pickup and delivery.

A van leaves the depot (a township station, index 0) loaded with every parcel for the
villages on its tour, drops parcels and picks up farm produce at each village, and comes
back. The on-board load therefore *changes along the tour*: it starts at the sum of the
tour's deliveries and moves by ``pickup - delivery`` at each stop; a tour is capacity
feasible when that load never exceeds the vehicle capacity (VRPSPD).

Public interface (the simulation model codes against it):

* data types :class:`RoutingVehicle`, :class:`RoutingProblem`, :class:`Tour`,
  :class:`RoutingSolution`;
* :func:`solve` with ``solver="nearest"`` (nearest-neighbour construction),
  ``"savings"`` (Clarke–Wright savings for VRPSPD with several λ, then local search) or
  ``"pyvrp"`` (the PyVRP iterated local search, see :mod:`sim.routing_pyvrp`);
* :func:`check_solution`, which every solver's answer passes before it is returned;
* :func:`evaluate_tour`, which builds a :class:`Tour` from a visit order.

Modules, each importing :mod:`.problem` and nothing above it: :mod:`.problem` (data
types, tour evaluation), :mod:`.checker`, :mod:`.context` (the heuristics' fast view of a
problem), :mod:`.construction` (nearest neighbour, savings), :mod:`.local_search`,
:mod:`.pyvrp_adapter`, :mod:`.solve` (the dispatch), :mod:`.vrpspd` (benchmark files).

Units are in the names: ``_km``, ``_h`` (hours, measured from the van's departure at
time 0), ``_kg``, ``_yuan``, ``_s`` (wall-clock seconds).
"""

from sim.routing.checker import check_solution
from sim.routing.problem import (
    InfeasibleProblemError,
    RoutingError,
    RoutingProblem,
    RoutingSolution,
    SolverName,
    Tour,
    RoutingVehicle,
    evaluate_tour,
    make_solution,
)
from sim.routing.solve import solve


__all__ = [
    "RoutingError",
    "InfeasibleProblemError",
    "RoutingVehicle",
    "RoutingProblem",
    "Tour",
    "RoutingSolution",
    "SolverName",
    "solve",
    "check_solution",
    "evaluate_tour",
    "make_solution",
]
