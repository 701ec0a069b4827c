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

    from libdigigov.fonts import cjk_family_or_none

    import matplotlib

    matplotlib.use("Agg")
    family = cjk_family_or_none()
    if family:
        from libdigigov.fonts import use_cjk_font

        use_cjk_font()
    app = make_app(example=example, lang=lang)
    # load the example and run its analysis once while the server starts: the first page then
    # finds the engines imported and the example read (it is immutable, so sessions share it)
    threading.Thread(target=_warm_up, daemon=True).start()
    url = f"http://{host}:{port}/?lang={lang}"
    print(f"digigov workbench on {url} (Ctrl+C stops it)", flush=True)
    if open_browser:
        threading.Timer(1.0, lambda: webbrowser.open(url)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _warm_up() -> None:
    from .model import analyse, example_workbench

    try:
        analyse(example_workbench())
    except Exception:   # noqa: BLE001 - a session that loads the example reports the problem itself
        pass
