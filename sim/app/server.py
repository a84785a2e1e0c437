"""Serve the app on this machine only, with every asset from this server (works offline).

Solara's page loads its front end (Vuetify app, require.js, icon fonts) from a CDN path
that its server proxies: the server fetches each file from the internet the first time and
keeps a copy in ``<venv>/share/solara/cdn``. On a machine without internet that is a blank
page. The ``solara-assets`` package puts those files in that folder at install time; this
server answers ``/_solara/cdn/…`` from that folder alone and never fetches: a file that is
not there is a 404 and a log line naming it (a test loads the page in a browser and checks
that nothing was requested from outside and nothing was missing). Solara's usage
telemetry and version check are off, and its home folder is ``<venv>/share/solara``, so
the app writes nothing in the user's folders.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

APP = "sim.app.page:Page"
HOST = "127.0.0.1"
CDN_PREFIX = "/_solara/cdn/"
log = logging.getLogger("sim.app")


def offline_assets_dir() -> Path:
    """Where ``solara-assets`` put the front-end files (Solara's CDN proxy cache)."""
    from solara.server import settings

    return Path(settings.assets.proxy_cache_dir)


def missing_template_assets() -> list[str]:
    """CDN paths named by the installed Solara's page template that are not in the offline folder.

    Empty when ``solara-assets`` covers the installed ``solara`` (their versions can differ:
    what matters is that every file the page asks for is there).
    """
    import re

    import solara.server
    from solara.server.server import vue3

    template = Path(solara.server.__file__).parent / "templates" / "solara.html.j2"
    names = set(re.findall(r"\{\{cdn\}\}/([^\"'\s]+)", template.read_text(encoding="utf-8")))
    unused = "solara-vuetify-app@" if vue3 else "solara-vuetify3-app@"    # the template's other branch
    root = offline_assets_dir()
    out = []
    for name in sorted(n for n in names if unused not in n):
        for variant in _template_variants(name):
            if not (root / variant).is_file():
                out.append(variant)
    return out


def _template_variants(name: str) -> list[str]:
    """A template path with its Jinja parts filled in as this server fills them."""
    name = name.replace("{{ipywidget_major_version}}", "{major}")
    if "{{" in name:          # e.g. the font-awesome path comes from settings
        from solara.server import settings

        name = name.replace("{{assets.fontawesome_path}}", settings.assets.fontawesome_path.lstrip("/"))
    import ipywidgets

    major = str(ipywidgets.__version__).split(".")[0]
    return [name.replace("{major}", major).lstrip("/")]


def _offline_cdn(root: Path):
    from starlette.responses import FileResponse, PlainTextResponse

    root = root.resolve()

    async def serve(request):
        rel = request.path_params["path"]
        path = (root / rel).resolve()
        if path.is_relative_to(root) and path.is_file():
            return FileResponse(path)
        log.warning("offline asset missing: %s%s (not fetched from the internet)", CDN_PREFIX, rel)
        return PlainTextResponse(f"not available offline: {rel}", status_code=404)

    return serve


def _environment() -> None:
    """Before Solara is imported: which app; no telemetry; Solara's home (it makes one at import
    and would keep a user id file there) beside its assets in the environment, not in ~/.solara."""
    os.environ["SOLARA_APP"] = APP
    os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"
    os.environ["SOLARA_TELEMETRY_SERVER_USER_ID"] = "offline"
    os.environ.setdefault("SOLARA_HOME", str(Path(sys.prefix) / "share" / "solara"))


def make_app():
    """Solara's Starlette app serving :data:`APP`, with the offline asset route in front."""
    _environment()
    import solara.server.settings as settings

    settings.telemetry.mixpanel_enable = False
    settings.main.mode = "production"
    from starlette.routing import Route

    import solara.server.starlette as solara_starlette

    app = solara_starlette.app
    route = Route(CDN_PREFIX + "{path:path}", _offline_cdn(offline_assets_dir()))
    if not any(getattr(r, "path", None) == route.path for r in app.router.routes):
        app.router.routes.insert(0, route)
    return app


def serve(port: int, host: str = HOST) -> None:
    """Run the app at ``http://host:port/`` until interrupted (Ctrl-C)."""
    import uvicorn

    _environment()
    missing = missing_template_assets()
    if missing:
        log.warning("the page's assets are not all installed (%s); install solara-assets", ", ".join(missing))
    print(f"app: http://{host}:{port}/  (Ctrl-C stops it)", flush=True)
    uvicorn.run(make_app(), host=host, port=port, log_level="warning")
