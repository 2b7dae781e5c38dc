"""pywb's Wayback Machine, as its ``wayback`` command runs it, on a port the OS picks.

Prints ``http://127.0.0.1:PORT`` once listening, then serves the collections under the
current folder until killed. ``wayback -p 0`` would bind port 0 too but never says which
port it got, and picking a free port first races with other processes. Run it with pywb's
own interpreter (``.venv-pywb/bin/python -m tests.servers.pywb_wayback``): pywb pins old
dependencies that clash with ours, so nothing here is imported at module level.
"""

from __future__ import annotations


def main() -> None:
    """Serve pywb's FrontEndApp (what ``wayback`` serves) on 127.0.0.1, port 0."""
    from gevent.monkey import patch_all

    patch_all()
    from pywb.apps.frontendapp import FrontEndApp
    from pywb.utils.geventserver import GeventServer, RequestURIWSGIHandler

    server = GeventServer(
        FrontEndApp(custom_config={}),
        port=0,
        hostname="127.0.0.1",
        handler_class=RequestURIWSGIHandler,
    )  # the socket listens once this returns; it serves in a greenlet
    print(f"http://127.0.0.1:{server.port}", flush=True)
    server.join()


if __name__ == "__main__":
    main()
