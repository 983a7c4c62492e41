"""What the browser page relies on, checked without a browser: no numpy in the model, the
page's Python entry point, and the repacked pure-Python PyYAML wheel."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

from sim import whatif
from sim.model.office import simulate
from sim.scenario.loading import load_scenario
from sim.scenario.schema import Scenario

ROOT = Path(__file__).resolve().parents[2]

BLOCKED_IMPORT = textwrap.dedent(
    """
    import importlib, pkgutil, sys

    BLOCKED = {"numpy", "scipy", "matplotlib"}

    class Block:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ImportError(f"{name} is not available in the browser")
            return None

    sys.meta_path.insert(0, Block())
    import sim.model, sim.scenario
    names = ["sim.whatif"]
    for package in (sim.model, sim.scenario):
        names += [m.name for m in pkgutil.iter_modules(package.__path__, package.__name__ + ".")]
    for name in names:
        importlib.import_module(name)
    print(sorted(n for n in sys.modules if n.split(".")[0] in BLOCKED))
    """
)


def test_model_and_scenario_import_without_numpy_scipy_or_matplotlib() -> None:
    """Pyodide has no numpy here: every module under sim/model and sim/scenario must do without."""
    done = subprocess.run(
        [sys.executable, "-c", BLOCKED_IMPORT], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def _reference() -> dict:
    data = load_scenario(ROOT / "scenarios" / "small-separate.yaml").model_dump(
        mode="json", by_alias=True
    )
    data["horizon_days"] = 20
    return data


def test_check_returns_the_validated_scenario() -> None:
    data = _reference()
    reply = json.loads(whatif.check(json.dumps(data), "small-separate"))
    assert reply == {"scenario": data}


def test_check_reports_each_problem_with_its_key_path() -> None:
    data = _reference()
    data["practice"]["providers"][0]["count"] = -1
    data["practice"]["insured_shares"] = 0.5
    reply = json.loads(whatif.check(json.dumps(data), "mine"))
    paths = {p["key_path"]: p["message"] for p in reply["problems"]}
    assert "greater than or equal to 0" in paths["practice.providers.0.count"]
    assert "did you mean 'insured_share'" in paths["practice.insured_shares"]


def test_check_yaml_reports_bad_yaml() -> None:
    reply = json.loads(whatif.check_yaml("staff: [", "mine"))
    assert reply["problems"][0]["message"].startswith("not valid YAML")


def test_replicate_is_simulate_on_the_same_scenario() -> None:
    data = _reference()
    reply = json.loads(whatif.replicate(json.dumps(data), 7, 1))
    native = simulate(Scenario.model_validate(data), 7, 1)
    assert reply["kpis"] == json.loads(json.dumps(native.kpis))
    assert reply["daily"]["cumulative_cash_usd"] == list(native.daily.column("cumulative_cash_usd"))
    assert len(reply["daily"]["ar_usd_90_plus"]) == 20


def test_to_yaml_round_trips_through_the_cli_loader(tmp_path: Path) -> None:
    data = _reference()
    path = tmp_path / "small-separate.yaml"
    path.write_text(whatif.to_yaml(json.dumps(data)), encoding="utf-8")
    assert load_scenario(path).model_dump(mode="json", by_alias=True) == data


def test_pure_pyyaml_wheel_has_no_compiled_code(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("web_build", ROOT / "web" / "build.py")
    web_build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(web_build)
    linux = tmp_path / "pyyaml-9.9-cp314-cp314-manylinux_2_17_x86_64.whl"
    with zipfile.ZipFile(linux, "w") as wheel:
        wheel.writestr("yaml/__init__.py", "from .cyaml import *\n")
        wheel.writestr("yaml/_yaml.cpython-314-x86_64-linux-gnu.so", b"\x7fELF")
        wheel.writestr("pyyaml-9.9.dist-info/METADATA", "Name: PyYAML\nVersion: 9.9\n")
        wheel.writestr("pyyaml-9.9.dist-info/WHEEL", "Tag: cp314-cp314-manylinux_2_17_x86_64\n")
    pure = web_build.pure_pyyaml(linux, tmp_path)
    assert pure.name == "pyyaml-9.9-py3-none-any.whl"
    with zipfile.ZipFile(pure) as wheel:
        names = wheel.namelist()
        assert "yaml/__init__.py" in names
        assert not any(n.endswith(".so") for n in names)
        assert "Tag: py3-none-any" in wheel.read("pyyaml-9.9.dist-info/WHEEL").decode()
        record = wheel.read("pyyaml-9.9.dist-info/RECORD").decode()
        assert "yaml/__init__.py,sha256=" in record
