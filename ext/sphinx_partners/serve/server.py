"""The server: watches the files, asks the worker for builds, serves and reloads pages."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import os
import shlex
import subprocess
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path
from typing import Any

import uvicorn
import watchfiles
from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect

from .worker import BuildWorker, Settings, say

#: Folders no source file lives in: version control, caches, virtual environments,
#: build output. Matched against the path inside a watched folder only, so a site kept
#: under such a folder (a test's temporary folder in ``.nox``) is still watched.
IGNORED_FOLDERS = frozenset(
    {
        ".git", ".hg", ".svn", ".nox", ".tox", ".venv", "venv", "node_modules",
        "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".ipynb_checkpoints",
        "_build",
    }
)  # fmt: skip
#: Files that change what a loaded Sphinx knows beyond the pages: its code and settings
#: (``.py``) and translations, which Sphinx loads once.
NEEDS_NEW_WORKER = frozenset({".py", ".po", ".mo"})
RELOAD_PATH = "/websocket-reload"


class Watcher:
    """Which changed files count, and what each asks of the worker."""

    def __init__(self, settings: Settings, extra: Sequence[Path]) -> None:
        self.source = settings.source
        self.folders = [settings.source, *extra]
        self.ignored = [settings.out]
        self.editor_files = watchfiles.DefaultFilter()  # swap files, backups, .pyc
        #: The bytes of the files a loaded Sphinx holds (code, settings, translations),
        #: as loaded: ``nox -s docs`` writes the same catalogs again, which is no change.
        self.loaded = {path: _digest(path) for path in self._files() if self._loaded_once(path)}

    def _files(self) -> Iterator[Path]:
        for folder in self.folders:
            for root, folders, files in os.walk(folder):
                here = Path(root)
                folders[:] = [
                    name
                    for name in folders
                    if name not in IGNORED_FOLDERS and here / name not in self.ignored
                ]
                yield from (here / name for name in files)

    def _loaded_once(self, path: Path) -> bool:
        return path.suffix.lower() in NEEDS_NEW_WORKER or not path.is_relative_to(self.source)

    def wanted(self, change: watchfiles.Change, path: str) -> bool:
        changed = Path(path)
        if any(changed.is_relative_to(folder) for folder in self.ignored):
            return False
        for folder in self.folders:
            if changed.is_relative_to(folder):
                inside = changed.relative_to(folder).parts[:-1]
                if IGNORED_FOLDERS.intersection(inside):
                    return False
        return self.editor_files(change, path)

    def needs_new_worker(self, paths: Sequence[Path]) -> bool:
        """Whether code, settings or translations really changed (their bytes), noting
        the new bytes as what the next Sphinx loads."""
        changed = False
        for path in paths:
            if not self._loaded_once(path):
                continue
            now = _digest(path)
            if path not in self.loaded or now != self.loaded[path]:
                changed = True
                self.loaded[path] = now
        return changed

    @staticmethod
    def lasting(changes: set[tuple[watchfiles.Change, str]]) -> list[Path]:
        """The changed files, without those written and removed again in the same
        moment: an editor's or a tool's temporary file (``sed -i``, a photo tool's)."""
        added = {path for change, path in changes if change == watchfiles.Change.added}
        deleted = {path for change, path in changes if change == watchfiles.Change.deleted}
        passing = {path for path in added & deleted if not Path(path).exists()}
        return sorted({Path(path) for _, path in changes if path not in passing})

    def shown(self, paths: Sequence[Path]) -> str:
        names = []
        for path in sorted(paths)[:5]:
            for folder in self.folders:
                if path.is_relative_to(folder):
                    path = path.relative_to(folder)
                    break
            names.append(path.as_posix())
        more = len(paths) - len(names)
        return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def _digest(path: Path) -> str | None:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None


class Preview:
    """The server: the built pages, a reload signal, and the loop that rebuilds."""

    def __init__(
        self,
        settings: Settings,
        watcher: Watcher,
        post_build: Sequence[Sequence[str]] = (),
    ) -> None:
        self.settings = settings
        self.watcher = watcher
        self.worker = BuildWorker(settings)
        self.post_build = post_build
        self.clients: set[WebSocket] = set()
        self.stopping = asyncio.Event()

    async def rebuild_on_change(self) -> None:
        async for changes in watchfiles.awatch(
            *self.watcher.folders,
            watch_filter=self.watcher.wanted,
            stop_event=self.stopping,
        ):
            paths = self.watcher.lasting(changes)
            if not paths:
                continue
            say(f"Changed: {self.watcher.shown(paths)}")
            if self.watcher.needs_new_worker(paths):
                say("Code, settings or translations changed: loading Sphinx again.")
                await asyncio.to_thread(self.worker.stop)
            await self.build()

    async def build(self) -> None:
        started = time.perf_counter()
        finished = await asyncio.to_thread(self.worker.build)
        if finished:
            say(f"Built in {time.perf_counter() - started:.1f} s.")
            await self.reload_pages()
            for command in self.post_build:
                await asyncio.to_thread(subprocess.run, list(command), check=False)

    async def reload_pages(self) -> None:
        for client in list(self.clients):
            with contextlib.suppress(Exception):  # a tab closed meanwhile
                await client.send_text("refresh")

    async def reload_socket(self, socket: WebSocket) -> None:
        await socket.accept()
        self.clients.add(socket)
        try:
            while True:
                await socket.receive_text()
        except WebSocketDisconnect:
            pass
        finally:
            self.clients.discard(socket)

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        task = asyncio.create_task(self.rebuild_on_change())
        yield
        self.stopping.set()
        await task
        await asyncio.to_thread(self.worker.stop)

    def app(self, address: str) -> Starlette:
        return Starlette(
            routes=[
                WebSocketRoute(RELOAD_PATH, self.reload_socket),
                Mount("/", app=StaticFiles(directory=self.settings.out, html=True)),
            ],
            middleware=[Middleware(JavascriptInjectorMiddleware, ws_url=address)],
            lifespan=self.lifespan,
        )


def _setting(text: str) -> tuple[str, str]:
    name, equals, value = text.partition("=")
    if not equals or not name:
        raise argparse.ArgumentTypeError(f"expected name=value, not {text!r}")
    return name, value


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m sphinx_partners.serve",
        description="Preview a Sphinx site while you edit it: each save rebuilds what "
        "changed and reloads the page in the browser.",
    )
    parser.add_argument("source", type=Path, help="the folder with conf.py")
    parser.add_argument("out", type=Path, help="where the preview's pages are written")
    parser.add_argument("--host", default="127.0.0.1", help="default: only this machine")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "-D", dest="overrides", type=_setting, action="append", default=[],
        metavar="name=value", help="override a setting of conf.py, as sphinx-build -D",
    )  # fmt: skip
    parser.add_argument(
        "--watch", type=Path, action="append", default=[], metavar="FOLDER",
        help="another folder whose changes rebuild (code there loads Sphinx again)",
    )  # fmt: skip
    parser.add_argument(
        "--post-build", action="append", default=[], metavar="COMMAND",
        help="a command run after each finished build, once the pages have reloaded",
    )  # fmt: skip
    parser.add_argument(
        "--start-command", default="--port {port}", metavar="COMMAND",
        help="how the reader starts this preview on another port, {port} standing for "
        "it: the advice when the port is taken (nox -s serve gives its own)",
    )  # fmt: skip
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    source = arguments.source.resolve()
    if not (source / "conf.py").is_file():
        say(f"{source} has no conf.py: give the folder of the site's sources.")
        return 2
    settings = Settings(source, arguments.out.resolve(), dict(arguments.overrides))
    settings.out.mkdir(parents=True, exist_ok=True)
    watcher = Watcher(settings, [folder.resolve() for folder in arguments.watch])
    preview = Preview(settings, watcher, [shlex.split(c) for c in arguments.post_build])
    address = f"{arguments.host}:{arguments.port}"
    say("Building the site…")
    asyncio.run(preview.build())
    config: Any = uvicorn.Config(
        preview.app(address), host=arguments.host, port=arguments.port, log_level="error"
    )
    server = _Server(config, address)
    try:
        server.run()
    except SystemExit:  # uvicorn's way out when it cannot listen
        pass
    finally:
        preview.worker.stop()
    if not server.started:
        say(
            f"Nothing can be served at {address}: is another preview running? "
            "Stop it, or choose another port: "
            + " ".join(arguments.start_command.replace("{port}", str(arguments.port + 1)).split())
        )
        return 1
    return 0


class _Server(uvicorn.Server):
    """uvicorn's server, which gives the address once it can be opened, and stops when
    the command that started it (nox) is gone.

    Ctrl+C stops the whole process group; a ``kill`` of nox alone left this server, its
    build worker and the port behind (found by a tester: five of them after an hour).
    """

    def __init__(self, config: Any, address: str) -> None:
        super().__init__(config)
        self.address = address
        self.parent = os.getppid()

    async def on_tick(self, counter: int) -> bool:
        if counter % 10 == 0 and os.getppid() != self.parent:  # once a second
            say("The command that started the preview has stopped; so does the preview.")
            self.should_exit = True
        return await super().on_tick(counter)

    async def startup(self, sockets: Any = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            say(
                f"Open http://{self.address}/ : each save rebuilds and reloads the page. "
                "Ctrl+C stops."
            )
