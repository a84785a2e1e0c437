"""The model: clock, space and data collection (:mod:`.model`), agents (:mod:`.agents`)."""
