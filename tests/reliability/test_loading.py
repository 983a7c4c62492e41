"""Scenario reading is bounded: regular files only, inside allowed folders, size and depth
limits, duplicate keys refused, symlink loops named as such, no foreign lines echoed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from sim.scenario.loading import (
    ALLOW_ROOT_ENV,
    MAX_EXTENDS_DEPTH,
    MAX_FILE_BYTES,
    MAX_NESTING,
    load_scenario,
)
from tests.reliability.conftest import GOOD, validate_refused


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_extends_a_fifo_is_refused_without_blocking(capsys, tmp_path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    child = write(tmp_path / "child.yaml", "extends: pipe.yaml\n" + GOOD)
    start = time.monotonic()
    validate_refused(capsys, child, "extends", "named pipe")
    assert time.monotonic() - start < 5


def test_a_fifo_on_the_command_line_is_refused(capsys, tmp_path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    validate_refused(capsys, tmp_path / "pipe.yaml", "named pipe")


def test_extends_dev_zero_is_outside_the_scenario_folder(capsys, tmp_path) -> None:
    child = write(tmp_path / "child.yaml", "extends: /dev/zero\n" + GOOD)
    validate_refused(capsys, child, "extends", "outside", "--allow-root")


def test_extends_a_device_below_an_allowed_root_is_refused(capsys, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(ALLOW_ROOT_ENV, "/dev")
    child = write(tmp_path / "child.yaml", "extends: /dev/zero\n" + GOOD)
    validate_refused(capsys, child, "extends", "device")


def test_extends_a_folder_names_the_extending_file(capsys, tmp_path) -> None:
    (tmp_path / "base").mkdir()
    child = write(tmp_path / "child.yaml", "extends: base\n" + GOOD)
    validate_refused(capsys, child, "extends", "'base'", "folder")


def test_extends_outside_never_echoes_the_target(capsys, tmp_path) -> None:
    secret = tmp_path / "elsewhere" / "secret.yaml"
    secret.parent.mkdir()
    write(secret, "root_password_hash: abc123\n")
    project = tmp_path / "project"
    project.mkdir()
    child = write(project / "child.yaml", f"extends: {secret}\n" + GOOD)
    err = validate_refused(capsys, child, "extends", "outside")
    assert "root_password_hash" not in err and "abc123" not in err
    child = write(project / "up.yaml", "extends: ../elsewhere/secret.yaml\n" + GOOD)
    err = validate_refused(capsys, child, "extends", "outside")
    assert "root_password_hash" not in err


def test_etc_shadow_is_not_read(capsys, tmp_path) -> None:
    child = write(tmp_path / "child.yaml", "extends: /etc/shadow\n" + GOOD)
    err = validate_refused(capsys, child, "extends", "outside")
    assert "unknown key" not in err


def test_allow_root_lets_extends_read_below_it(tmp_path, monkeypatch) -> None:
    library = tmp_path / "library"
    library.mkdir()
    write(library / "base.yaml", GOOD)
    project = tmp_path / "project"
    project.mkdir()
    child = write(project / "child.yaml", f"extends: {library / 'base.yaml'}\nhorizon_days: 40\n")
    monkeypatch.delenv(ALLOW_ROOT_ENV)
    assert load_scenario(child, allow_roots=[library]).horizon_days == 40
    monkeypatch.setenv(ALLOW_ROOT_ENV, str(library))
    assert load_scenario(child).horizon_days == 40


def test_cli_allow_root_option(capsys, tmp_path, monkeypatch) -> None:
    from sim.cli import main

    library = tmp_path / "library"
    library.mkdir()
    write(library / "base.yaml", GOOD)
    project = tmp_path / "project"
    project.mkdir()
    child = write(project / "child.yaml", f"extends: {library / 'base.yaml'}\n")
    monkeypatch.delenv(ALLOW_ROOT_ENV)
    assert main(["validate", str(child)]) == 2
    assert main(["validate", "--allow-root", str(library), str(child)]) == 0
    capsys.readouterr()


def test_a_file_over_the_size_limit_fails_fast(capsys, tmp_path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("w") as handle:
        handle.write("staff:\n")
        line = "  - 12345678901234567890\n"
        handle.write(line * (50_000_000 // len(line)))
    start = time.monotonic()
    validate_refused(capsys, path, f"{MAX_FILE_BYTES:,}-byte limit")
    assert time.monotonic() - start < 5


def test_deep_nesting_is_a_clean_error(capsys, tmp_path) -> None:
    path = write(tmp_path / "deep.yaml", "staff: " + "[" * 3000 + "]" * 3000 + "\n")
    validate_refused(capsys, path, "not valid YAML", f"deeper than {MAX_NESTING}")
    path = write(tmp_path / "deep_map.yaml", "practice: " + "{a: " * 3000 + "1" + "}" * 3000)
    validate_refused(capsys, path, f"deeper than {MAX_NESTING}")


def test_a_long_extends_chain_is_a_clean_error(capsys, tmp_path) -> None:
    for i in range(1100):
        write(tmp_path / f"s{i}.yaml", f"extends: s{i + 1}.yaml\n")
    write(tmp_path / "s1100.yaml", GOOD)
    validate_refused(capsys, tmp_path / "s0.yaml", "extends", f"longer than {MAX_EXTENDS_DEPTH}")


def test_a_chain_within_the_limit_loads(tmp_path) -> None:
    for i in range(MAX_EXTENDS_DEPTH - 1):
        write(tmp_path / f"s{i}.yaml", f"extends: s{i + 1}.yaml\n")
    write(tmp_path / f"s{MAX_EXTENDS_DEPTH - 1}.yaml", GOOD)
    assert load_scenario(tmp_path / "s0.yaml").horizon_days == 30


def test_a_symlink_loop_on_the_command_line(capsys, tmp_path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    err = validate_refused(capsys, tmp_path / "a.yaml", "symlink loop")
    assert "not found" not in err


def test_a_symlink_loop_in_extends(capsys, tmp_path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    child = write(tmp_path / "child.yaml", "extends: a.yaml\n" + GOOD)
    validate_refused(capsys, child, "extends", "symlink loop")


@pytest.mark.parametrize(
    "text",
    [
        GOOD + "horizon_days: 60\n",
        GOOD + "policy:\n  follow_up_age_days: 20\n  follow_up_age_days: 40\n",
    ],
)
def test_duplicate_keys_are_an_error(capsys, tmp_path, text) -> None:
    path = write(tmp_path / "dup.yaml", text)
    validate_refused(capsys, path, "more than once")


def test_merge_keys_still_work(tmp_path) -> None:
    text = GOOD + "base: &b {follow_up_age_days: 20}\n"
    text = text.replace("base:", "x_base:")
    path = write(
        tmp_path / "merge.yaml",
        GOOD + "policy:\n  <<: {follow_up_age_days: 20, follow_up_cadence_days: 9}\n"
        "  follow_up_age_days: 40\n",
    )
    policy = load_scenario(path).policy
    assert (policy.follow_up_age_days, policy.follow_up_cadence_days) == (40, 9)


def test_only_safe_tags(capsys, tmp_path) -> None:
    path = write(
        tmp_path / "tag.yaml", GOOD + "description: !!python/object/apply:os.system [id]\n"
    )
    validate_refused(capsys, path, "not valid YAML")
