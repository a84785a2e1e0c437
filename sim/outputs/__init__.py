"""Outputs: a run's folder (:mod:`.run_folder`), its plots (:mod:`.plots`), and the comparison
report of several runs (:mod:`.report`)."""
