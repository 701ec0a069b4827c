"""``digigov app``: an interactive local workbench that writes the study file for you.

The analysis runs live on the engines' public functions (:mod:`digigov.app.model`); "Save
study" writes a study file and a copy of the data that ``digigov run`` reproduces exactly.
Needs the optional ``app`` extra (``pip install "digigov-qca[app]"``: Shiny for Python).
See ``docs/app.md``.
"""
from __future__ import annotations

__all__ = ["run_app", "make_app", "PortInUseError"]


class PortInUseError(ValueError):
    """The port asked for is taken; the message says what to do."""


def make_app(*, example: bool = False, lang: str = "en"):
    """The Shiny application object (serve it with any ASGI server)."""
    from .server import make_app as _make

    return _make(example=example, lang=lang)


def run_app(*, port: int = 8765, open_browser: bool = True, example: bool = False, lang: str = "en",
            host: str = "127.0.0.1") -> None:
    """Serve the workbench on ``host:port`` (local only by default) until interrupted."""
    import os
    import socket
    import threading
    import webbrowser

    import uvicorn

    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError:
            raise PortInUseError(f"port {port} on {host} is in use (another workbench?): "
                                 "open that one, or give another port with --port") from None

    # the backend is named without importing matplotlib: the first page draws no figure, and
    # matplotlib (with its fonts) is imported by the warm-up below or by the first figure
    os.environ["MPLBACKEND"] = "Agg"
    app = make_app(example=example, lang=lang)
    # while the server starts and the browser loads the page: import the session's modules and
    # read and analyse the example once (it is immutable, so sessions share it); the first page
    # then finds them ready (matplotlib waits for the first figure: it would compete for the CPU)
    threading.Thread(target=_warm_up, args=(example,), daemon=True).start()
    url = f"http://{host}:{port}/?lang={lang}"
    print(f"digigov workbench on {url} (Ctrl+C stops it)", flush=True)
    if open_browser:
        threading.Timer(1.0, lambda: webbrowser.open(url)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _warm_up(example: bool) -> None:
    """Do, off the request path, what the first session would otherwise wait for."""
    try:
        from . import server_compare, server_extra, server_long, server_panel  # noqa: F401 - imported by every session
        from .model import analyse
        from .studyio import example_workbench

        if example:
            analyse(example_workbench())
    except Exception:   # noqa: BLE001 - a session that needs these reports the problem itself
        pass
