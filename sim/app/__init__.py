"""The interactive app: a Solara page with the county's map, KPI charts and the levers.

    python -m sim app [--port N]

Modules: :mod:`.page` (state and layout), :mod:`.components` (map and chart components,
summary panel, lever controls), :mod:`.map_layer` (what the map draws), :mod:`.levers`
(the levers, declared once), :mod:`.scenarios` (shipped and uploaded scenarios),
:mod:`.words` (the app's words in English and Chinese), :mod:`.server` (serving it
offline on 127.0.0.1).
"""
