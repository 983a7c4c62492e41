"""Put the "Try your practice" runtime into docs/assets/whatif/, where mkdocs copies it into the site.

What it gathers, none of it committed and nothing fetched by the page from another host:
Pyodide from npm (web/package-lock.json, `npm ci`), the Python wheels by exact version and
sha256 (web/wheels.txt, web/pyyaml.txt, with pip), the model as a wheel built from this
checkout, the bundled scenarios resolved to JSON (the page's presets), the form's fields
(web/form.yaml), the KPIs it shows (the registry's `whatif` table, sim/model/kpis.yaml), and
a manifest with every file's size, which the page shows before loading.
The modules the page imports get their bytecode compiled in, by the page's own Pyodide under
Node (web/compile-bytecode.mjs), so the reader's browser does not compile them on every load.

Run by `make site` with the project's Python: `python web/build.py`. A finished runtime is kept
per machine by a hash of everything it is built from (`$TWOHATS_SITE_CACHE/../whatif`, else
`~/.cache/twohats/whatif`); a fresh clone with the same inputs copies it back instead of building
the wheels and compiling the bytecode again. `TWOHATS_SITE_CACHE=off` turns this off.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from base64 import urlsafe_b64encode
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from sim.model.registry import Kpi

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "web"
CACHE = WEB / "build"
OUT = ROOT / "docs" / "assets" / "whatif"
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
WASM_PLATFORM = ("--platform", "pyemscripten_2026_0_wasm32", "--python-version", "3.14")
PYYAML_PLATFORM = ("--platform", "manylinux_2_17_x86_64", "--python-version", "3.14")
BYTECODE_PRESET = "small-combined"
"""The preset web/compile-bytecode.mjs checks and runs to see which modules the page imports."""


def _run(*command: str, cwd: Path = ROOT) -> None:
    """Run a step quietly; on failure show what it printed and stop."""
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"web/build.py: {' '.join(command[:4])} ... failed ({done.returncode})")


def pyodide_from_npm() -> Path:
    """web/node_modules as the lock file pins it (npm ci only when the lock has changed)."""
    lock = WEB / "package-lock.json"
    stamp = WEB / "node_modules" / ".twohats-lock.sha256"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    if not stamp.is_file() or stamp.read_text() != digest:
        _run("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", cwd=WEB)
        stamp.write_text(digest)
    return WEB / "node_modules" / "pyodide"


def _pip_download(requirements: Path, dest: Path, platform: tuple[str, ...]) -> None:
    """Exact versions with their hashes; pip skips files already there and checks them."""
    _run(
        sys.executable,
        *("-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:"),
        *("--require-hashes", "-r", str(requirements), "-d", str(dest), *platform),
    )


def _record_line(name: str, data: bytes) -> str:
    digest = urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def pure_pyyaml(linux_wheel: Path, dest: Path) -> Path:
    """PyYAML's pure-Python package from its Linux wheel, repacked as py3-none-any.

    PyYAML imports its C extension only if it is there; without it, the same loader runs in
    pure Python, which is what Pyodide needs."""
    version = linux_wheel.name.split("-")[1]
    info = f"pyyaml-{version}.dist-info"
    target = dest / f"pyyaml-{version}-py3-none-any.whl"
    files: dict[str, bytes] = {}
    with zipfile.ZipFile(linux_wheel) as source:
        for name in sorted(source.namelist()):
            if name.endswith("/") or name.endswith(".so") or name.endswith("RECORD"):
                continue
            if name.startswith(("yaml/", f"{info}/")):
                files[name] = source.read(name)
    files[f"{info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: twohats web/build.py\nRoot-Is-Purelib: true\n"
        b"Tag: py3-none-any\n"
    )
    record = [_record_line(name, data) for name, data in files.items()]
    files[f"{info}/RECORD"] = ("\n".join([*record, f"{info}/RECORD,,"]) + "\n").encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data in files.items():
            wheel.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), data)
    return target


def model_wheel(dest: Path) -> Path:
    """The model as a wheel built from a clean copy of this checkout (no stale build/ files)."""
    for old in dest.glob("twohats-*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "src"
        copy.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(ROOT / name, copy / name)
        shutil.copytree(ROOT / "sim", copy / "sim", ignore=shutil.ignore_patterns("__pycache__"))
        _run(
            sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dest), str(copy)
        )
    (wheel,) = dest.glob("twohats-*.whl")
    return wheel


def wheels() -> list[Path]:
    """Every wheel the page loads into Pyodide: the fetched ones, PyYAML repacked, the model."""
    fetched, linux, built = CACHE / "wheels", CACHE / "pyyaml-linux", CACHE / "model"
    _pip_download(WEB / "wheels.txt", fetched, WASM_PLATFORM)
    _pip_download(WEB / "pyyaml.txt", linux, PYYAML_PLATFORM)
    found = sorted(fetched.glob("*.whl"))
    (linux_wheel,) = linux.glob("pyyaml-*.whl")
    built.mkdir(parents=True, exist_ok=True)
    return [*found, pure_pyyaml(linux_wheel, built), model_wheel(built)]


def presets() -> list[dict]:
    """The bundled scenarios, resolved as `twohats run` resolves them, with family and plain name.

    A family is the scenarios sharing a root file (reference-*, small-*): one practice with
    different staffing, which the page offers as the options to compare."""
    from sim.scenario.loading import load_scenario, parse_yaml

    # The options' plain names, as the evidence and staffing pages show them.
    plain = parse_yaml((ROOT / "docs" / "_data" / "options.yaml").read_text(encoding="utf-8"))
    found = []
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        root = path
        while (parent := yaml.safe_load(root.read_text()).get("extends")) is not None:
            root = root.parent / parent
        found.append(
            {
                "name": path.stem,
                "family": root.stem,
                "plain": plain.get(path.stem, path.stem),
                "scenario": load_scenario(path).model_dump(mode="json", by_alias=True),
            }
        )
    return found


def form_fields() -> dict:
    """web/form.yaml with each field's key parsed into the steps the page walks, by the same
    module the command line reads keys with (a key it cannot parse stops the build)."""
    from sim.scenario.keys import as_json

    form = yaml.safe_load((WEB / "form.yaml").read_text(encoding="utf-8"))
    for field in form["fields"]:
        field["steps"] = as_json(field["key"])
    return form


def _bounds(kpi: Kpi) -> dict[str, float | None]:
    """What a KPI's values can be: a share from 0 to 1, an amount, count, or time never below
    0, except one the registry marks `can_be_negative` (a net amount). The page keeps each
    interval inside them."""
    if kpi.format == "share":
        return {"min": 0, "max": 1}
    if kpi.can_be_negative:
        return {"min": None, "max": None}
    return {"min": 0, "max": None}


def kpi_descriptions() -> list[dict]:
    """The page's KPIs, in its table's order, as the registry (sim/model/kpis.yaml) describes
    them: the page keeps no KPI list of its own, only a way to write each format."""
    from sim.model.registry import registry

    return [
        {
            "key": kpi.key,
            "label": kpi.label,
            "short_label": kpi.short_label,
            "format": kpi.format,
            "higher_is_worse": kpi.higher_is_worse,
            **_bounds(kpi),
        }
        for kpi in registry().table("whatif")
    ]


def _sizes(folder: Path) -> dict[str, dict[str, int]]:
    return {
        str(p.relative_to(folder)): {
            "bytes": p.stat().st_size,
            "gzip_bytes": len(gzip.compress(p.read_bytes(), 6)),
        }
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


CACHE_INPUTS = ("pyproject.toml", "README.md", "uv.lock", "sim", "scenarios", "docs/_data", "web")
"""What the runtime is built from; web/build and web/node_modules are left out (the lock is in)."""
CACHE_SKIPPED = ("__pycache__", "node_modules", "build")
CACHE_KEEP = 3


def cache_folder() -> Path | None:
    """Where finished runtimes are kept: `whatif` beside the site's cache folder (one rule for
    where both go, in sim.site.cache), or None when TWOHATS_SITE_CACHE=off."""
    from sim.site.cache import folder

    site = folder()
    return None if site is None else site.parent / "whatif"


def inputs_key() -> str:
    """Hash of every input file's path and bytes, the Python version and this file."""
    digest = hashlib.sha256(sys.version.encode())
    for start in CACHE_INPUTS:
        path = ROOT / start
        found = [path] if path.is_file() else sorted(path.rglob("*"))
        for file in found:
            relative = file.relative_to(ROOT)
            if not file.is_file() or any(part in CACHE_SKIPPED for part in relative.parts):
                continue
            digest.update(str(relative).encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()[:32]


def _from_cache(key: str) -> bool:
    """Copy a runtime built from the same inputs into place; False when there is none."""
    cache = cache_folder()
    kept = cache / key if cache else None
    if kept is None or not (kept / "manifest.json").is_file():
        return False
    staging = Path(tempfile.mkdtemp(prefix=".whatif.", dir=OUT.parent))
    shutil.rmtree(staging)
    shutil.copytree(kept, staging)
    if OUT.exists():
        shutil.rmtree(OUT)
    staging.rename(OUT)
    os.utime(kept)
    return True


def _to_cache(key: str) -> None:
    """Keep the runtime just built (a failed copy only costs the next build its time)."""
    cache = cache_folder()
    if cache is None:
        return
    try:
        cache.mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(prefix=".partial.", dir=cache))
        shutil.rmtree(partial)
        shutil.copytree(OUT, partial)
        target = cache / key
        if target.exists():
            shutil.rmtree(partial)
        else:
            partial.rename(target)
        kept = sorted(
            (p for p in cache.iterdir() if not p.name.startswith(".")), key=os.path.getmtime
        )
        for old in kept[:-CACHE_KEEP]:
            shutil.rmtree(old, ignore_errors=True)
    except OSError:
        return


def main() -> None:
    pyodide = pyodide_from_npm()
    key = inputs_key()
    if _from_cache(key):
        return
    loaded = wheels()
    staging = Path(tempfile.mkdtemp(prefix=".whatif.", dir=OUT.parent))
    try:
        (staging / "pyodide").mkdir()
        for name in PYODIDE_FILES:
            shutil.copy2(pyodide / name, staging / "pyodide" / name)
        (staging / "wheels").mkdir()
        for wheel in loaded:
            shutil.copy2(wheel, staging / "wheels" / wheel.name)
        form = form_fields()
        (staging / "form.json").write_text(json.dumps(form, indent=1) + "\n")
        (staging / "presets.json").write_text(json.dumps(presets()) + "\n")
        (staging / "kpis.json").write_text(json.dumps(kpi_descriptions(), indent=1) + "\n")
        _run("node", str(WEB / "compile-bytecode.mjs"), str(staging), BYTECODE_PRESET)
        version = json.loads((pyodide / "package.json").read_text())["version"]
        manifest = {
            "pyodide_version": version,
            "wheels": [f"wheels/{w.name}" for w in loaded],
            "files": _sizes(staging),
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
        if OUT.exists():
            shutil.rmtree(OUT)
        staging.rename(OUT)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _to_cache(key)


if __name__ == "__main__":
    main()
