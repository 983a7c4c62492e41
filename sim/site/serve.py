"""`make serve`: serve the playbook within seconds, then fill in the simulated parts.

On a fresh clone nothing is cached, and the generators that simulate (evidence, staffing
options, validation, and the calibration tables that read the evidence runs) take minutes.
Serving therefore happens in two passes:

1. The quick pass runs only the generators that read files. Every generated fragment or
   chart a page includes that is still missing gets a stand-in saying its numbers are being
   computed; the site is built strictly, and the stand-ins are removed again at once, so the
   docs tree never keeps one (a generator that finds a stand-in chart could take it for its
   own and skip its run).
2. The server starts, and the full pass (every generator, as `python -m sim.site`, then
   `web/build.py` for the "Try your practice" page's runtime) runs while it serves. If it
   changed anything, or stand-ins were served, the site is rebuilt beside the served one
   and swapped in. Until then the what-if page finds no runtime and says it is still being
   built, as the simulated pages say they are still being simulated.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import http.server
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

from sim.site import glossary, raci, reference, self_check
from sim.site.__main__ import GENERATORS, project_root

Generator = Callable[[Path], list[Path]]

READ_ONLY: list[Generator] = [
    raci.generate,
    glossary.generate,
    self_check.generate,
    reference.generate,
]
"""Generators that only read files and the schema: a fraction of a second together."""

SNIPPETS = Path("docs/_snippets")
CHARTS = Path("docs/assets/generated")
STAND_IN = SNIPPETS / "still-simulating.md"
INCLUDE = re.compile(r'--8<--\s+"(generated/[^"]+)"')
CHART = re.compile(r"assets/generated/([\w.-]+\.png)")
RUNTIME = Path("docs/assets/whatif")
"""The what-if page's runtime, which web/build.py writes and mkdocs copies into the site."""
RUNTIME_BUILDER = Path("web/build.py")


def _pages(root: Path) -> Iterable[Path]:
    """Every Markdown file under docs/, generated fragments included."""
    return sorted((root / "docs").rglob("*.md"))


def missing_fragments(root: Path) -> list[Path]:
    """Generated fragments some page includes that do not exist yet."""
    wanted = {m for page in _pages(root) for m in INCLUDE.findall(page.read_text("utf-8"))}
    return sorted(p for p in (root / SNIPPETS / name for name in wanted) if not p.is_file())


def missing_charts(root: Path) -> list[Path]:
    """Generated charts some page or existing fragment shows that do not exist yet."""
    wanted = {m for page in _pages(root) for m in CHART.findall(page.read_text("utf-8"))}
    return sorted(p for p in (root / CHARTS / name for name in wanted) if not p.is_file())


def blank_png(width: int = 8, height: int = 3) -> bytes:
    """A small light-grey PNG: a stand-in chart, so a strict build finds every image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xee" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def write_stand_ins(root: Path) -> list[Path]:
    """Give every missing fragment and chart a stand-in; return the files written."""
    note = (root / STAND_IN).read_text("utf-8")
    written = []
    for path in missing_fragments(root):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(note, "utf-8")
        written.append(path)
    for path in missing_charts(root):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(blank_png())
        written.append(path)
    return written


def build(root: Path, dest: Path) -> None:
    """Strict mkdocs build of `root` into `dest`; on failure, exit with mkdocs' own report."""
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(dest)],
        cwd=root,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"mkdocs build failed (exit status {done.returncode})")


def publish(root: Path, built: Path) -> None:
    """Put a finished build in place of root/site; the server picks it up on the next request."""
    site = root / "site"
    old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=root))
    if site.exists():
        site.replace(old / "site")
    built.replace(site)
    shutil.rmtree(old, ignore_errors=True)


def build_and_publish(root: Path) -> None:
    """Build into a folder beside site/ and swap it in, so the served site is never half-built."""
    scratch = Path(tempfile.mkdtemp(prefix=".site-new-", dir=root))
    try:
        build(root, scratch / "site")
        publish(root, scratch / "site")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def quick_site(root: Path) -> int:
    """The quick pass: read-only generators, stand-ins, a strict build; returns stand-ins used."""
    for generate in READ_ONLY:
        generate(root)
    stand_ins = write_stand_ins(root)
    try:
        build_and_publish(root)
    finally:
        for path in stand_ins:
            path.unlink(missing_ok=True)
    return len(stand_ins)


def runtime_digest(root: Path) -> str:
    """A digest of the runtime's files (names and contents); empty when it is not built."""
    folder = root / RUNTIME
    if not (folder / "manifest.json").is_file():
        return ""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def build_runtime(root: Path) -> bool:
    """Run web/build.py (as `make site` does); True if the runtime changed.

    A failure (no network for a first download, say) is reported and the site keeps
    serving: the what-if page then says its runtime is missing and points here."""
    before = runtime_digest(root)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])),
    }
    done = subprocess.run(
        [sys.executable, str(root / RUNTIME_BUILDER)],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        print(
            "The 'Try your practice' page's runtime could not be built (see above); "
            "the rest of the site is served.",
            file=sys.stderr,
            flush=True,
        )
        return False
    return runtime_digest(root) != before


def full_site(root: Path, stand_ins: int, runtime: Callable[[Path], bool] = build_runtime) -> bool:
    """The full pass: every generator and the what-if runtime; rebuild when something changed.

    True if it rebuilt."""
    changed = [path for generate in GENERATORS for path in generate(root)]
    runtime_changed = runtime(root)
    if not changed and not stand_ins and not runtime_changed:
        return False
    build_and_publish(root)
    return True


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files without a log line per request (the terminal carries the build's progress)."""

    def log_message(self, fmt: str, *args: object) -> None:
        pass


def start_server(root: Path, port: int) -> http.server.ThreadingHTTPServer:
    """Serve root/site on 127.0.0.1:`port` from a background thread."""
    handler = functools.partial(QuietHandler, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m sim.site.serve", description=__doc__)
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    args = parser.parse_args(argv)
    if not 1 <= args.port <= 65535:
        parser.error(f"--port must be between 1 and 65535, got {args.port}")
    return args


def _open(root: Path, port: int) -> http.server.ThreadingHTTPServer | None:
    """Start the server, or say why the port cannot be used and return None."""
    try:
        return start_server(root, port)
    except OSError as exc:
        print(f"cannot serve on 127.0.0.1:{port}: {exc.strerror}", file=sys.stderr)
        print("choose another port, for example: make serve PORT=8001", file=sys.stderr)
        return None


def _fill_in(root: Path, url: str, stand_ins: int) -> None:
    """Report what is served, run the full pass, and report when the full site is in place."""
    print(f"Serving the playbook on {url} (Ctrl-C to stop).", flush=True)
    if stand_ins:
        print(
            f"{stand_ins} simulated fragments and charts are still being computed; the pages say so.",
            flush=True,
        )
    if not runtime_digest(root):
        print(
            "The 'Try your practice' page's runtime is being built; the page says so.", flush=True
        )
    if full_site(root, stand_ins):
        print(f"Full site ready on {url}: reload the page.", flush=True)
    else:
        print("The simulated pages were already up to date.")


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    """Quick build, serve, full build, swap; serve until Ctrl-C."""
    args = parse_args(argv)
    root = root or project_root()
    server = None
    try:
        stand_ins = quick_site(root)
        server = _open(root, args.port)
        if server is None:
            return 2
        _fill_in(root, f"http://127.0.0.1:{args.port}/", stand_ins)
        threading.Event().wait()
    except KeyboardInterrupt:
        print("\nstopped")
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
