"""Outputs: a run's folder (:mod:`.run_folder`), its plots (:mod:`.plots`), the comparison
report of several runs (:mod:`.report`), and where and how they may be written: safe
folder names, markers, partial folders (:mod:`.folders`)."""
