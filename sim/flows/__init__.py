"""Flows: parcels and produce lots as columnar tables (:mod:`.table`), the daily demand that
fills them (:mod:`.demand`), and which villages get which service (:mod:`.service_network`)."""

from sim.flows.table import DONE, IN_VEHICLE, NO_VEHICLE, SPOILED, STATUS_NAMES, WAITING, FlowTable, group_rows

__all__ = ["DONE", "IN_VEHICLE", "NO_VEHICLE", "SPOILED", "STATUS_NAMES", "WAITING", "FlowTable", "group_rows"]
