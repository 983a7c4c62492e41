"""Command-line input is bounded and checked before any work: replication counts, sweep
sizes, scheduler addresses (malformed, silent or garbage-speaking), precision wording."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sim.cli import main
from sim.cli.common import MAX_REPLICATIONS
from sim.cli.replicate import percent
from sim.study import cluster
from tests.reliability.conftest import GOOD, refused

pytest.importorskip("distributed")


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(GOOD)
    return path


def usage_error(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as stop:
        main(list(argv))
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("option", ["--reps", "--max-reps"])
def test_replications_are_bounded_before_any_task_list(capsys, tmp_path, scenario, option):
    start = time.monotonic()
    err = usage_error(capsys, "run", str(scenario), option, "1000000000", "--out", str(tmp_path))
    assert f"at most {MAX_REPLICATIONS:,}" in err
    assert time.monotonic() - start < 5


def test_sweep_size_is_bounded(capsys, tmp_path, scenario) -> None:
    out = tmp_path / "out"
    argv = ["sweep", str(scenario), "--vary", "horizon_days=1..1000", "--vary"]
    err = refused(
        capsys, *argv, "policy.follow_up_age_days=1..300", "--reps", "10", "--out", str(out)
    )
    assert "at most" in err and "replications" in err
    assert not out.exists()


@pytest.mark.parametrize("axis", ["horizon_days=1..1000000000", "horizon_days=1..inf"])
def test_a_huge_or_endless_axis_is_refused(capsys, tmp_path, scenario, axis) -> None:
    start = time.monotonic()
    err = refused(capsys, "sweep", str(scenario), "--vary", axis, "--out", str(tmp_path / "o"))
    assert repr(axis.split("=")[1]) in err
    assert time.monotonic() - start < 5


@pytest.mark.parametrize(
    "address",
    [
        "notaurl",
        "tcp://",
        "tcp://127.0.0.1:notaport",
        "http://127.0.0.1:8786",
        "tcp://[::1",
        "inproc://x",
    ],
)
def test_malformed_scheduler_addresses(capsys, tmp_path, scenario, address) -> None:
    err = usage_error(capsys, "run", str(scenario), "--scheduler", address, "--out", str(tmp_path))
    assert "--scheduler" in err and "tcp://HOST:PORT" in err


@contextmanager
def listener(reply: bytes | None) -> Iterator[str]:
    """A local server that accepts connections and sends `reply` (None: nothing, ever; b"":
    hangs up at once); it stops by itself when the block ends or after 60 s."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    stop = threading.Event()
    held: list[socket.socket] = []

    def serve() -> None:
        deadline = time.monotonic() + 60
        while not stop.is_set() and time.monotonic() < deadline:
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            if reply == b"":
                conn.close()
                continue
            held.append(conn)
            if reply is not None:
                conn.sendall(reply)
        for conn in held:
            conn.close()
        server.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=5)


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (None, "did not answer within"),
        (b"HTTP/1.1 400 Bad Request\r\n\r\n" * 4, "does not answer like a Dask scheduler"),
        (b"\xff" * 64, "does not answer like a Dask scheduler"),
        (b"", "closed the connection"),
        (b"\x05\0\0\0\0\0\0\0hello", "cannot use the Dask scheduler"),
    ],
)
def test_a_silent_or_garbage_scheduler_is_refused_in_time(
    capsys, tmp_path, scenario, monkeypatch, reply, expected
) -> None:
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 2.0)
    out = tmp_path / "out"
    with listener(reply) as address:
        start = time.monotonic()
        argv = ["run", str(scenario), "--reps", "2", "--scheduler", address, "--out", str(out)]
        err = refused(capsys, *argv, "--quiet")
        assert time.monotonic() - start < 10
    assert address in err and expected in err
    assert not out.exists()


def test_a_closed_port_is_refused(capsys, tmp_path, scenario) -> None:
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        port = probe_socket.getsockname()[1]
    argv = ["run", str(scenario), "--reps", "1", "--scheduler", f"tcp://127.0.0.1:{port}"]
    err = refused(capsys, *argv, "--out", str(tmp_path / "o"), "--quiet")
    assert "cannot reach the Dask scheduler" in err


@pytest.mark.parametrize(("share", "shown"), [(0.001, "0.1%"), (0.05, "5%"), (0.0125, "1.25%")])
def test_precision_targets_are_shown_as_given(share, shown) -> None:
    assert percent(share) == shown


@pytest.mark.parametrize("command", ["run", "compare"])
@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--max-reps", "1"], "--max-reps must be at least 2 with --precision"),
        (["--reps", "50", "--max-reps", "10"], "--reps (50) is more than --max-reps (10)"),
    ],
)
def test_a_precision_search_without_room_is_refused(
    capsys, tmp_path, scenario, command, flags, message
) -> None:
    files = [str(scenario)] if command == "run" else [str(scenario), str(scenario)]
    out = tmp_path / "out"
    err = refused(capsys, command, *files, "--precision", "0.1", *flags, "--out", str(out))
    assert message in err
    assert not out.exists()


def _run_in_thread(argv: list[str], within: float) -> int:
    """The CLI's exit status, or a failure if it has not ended `within` seconds."""
    status: list[int] = []
    thread = threading.Thread(target=lambda: status.append(main(argv)), daemon=True)
    thread.start()
    thread.join(timeout=within)
    assert status, f"still waiting after {within:g} s: {' '.join(argv)}"
    return status[0]


def test_a_scheduler_without_workers_is_reported_in_bounded_time(
    capsys, tmp_path, scenario, monkeypatch
) -> None:
    from distributed import LocalCluster

    monkeypatch.setattr(cluster, "NO_WORKERS_TIMEOUT_S", 2.0)
    out = tmp_path / "out"
    with LocalCluster(
        n_workers=0, processes=False, protocol="tcp", host="127.0.0.1", dashboard_address=None
    ) as empty:
        address = empty.scheduler_address
        argv = ["run", str(scenario), "--reps", "2", "--scheduler", address, "--quiet"]
        status = _run_in_thread([*argv, "--out", str(out)], within=30)
    err = capsys.readouterr().err
    assert status == 2 and "Traceback" not in err
    assert address in err and "no workers" in err and "nothing was written" in err
    assert not out.exists()


def test_all_workers_leaving_mid_run_is_reported_in_bounded_time(
    capsys, tmp_path, scenario, monkeypatch
) -> None:
    from distributed import LocalCluster

    monkeypatch.setattr(cluster, "NO_WORKERS_TIMEOUT_S", 2.0)
    out = tmp_path / "out"
    with LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as few:
        gather = cluster._gather

        def first_then_gone(client, futures, address, progress):
            def advance(n: int) -> None:
                few.scale(0)
                if progress:
                    progress(n)

            return gather(client, futures, address, advance)

        monkeypatch.setattr(cluster, "_gather", first_then_gone)
        address = few.scheduler_address
        argv = ["run", str(scenario), "--reps", "6", "--scheduler", address, "--quiet"]
        status = _run_in_thread([*argv, "--out", str(out)], within=60)
    err = capsys.readouterr().err
    assert status == 2 and "Traceback" not in err
    assert address in err and "all its workers left" in err and "nothing was written" in err
    assert not out.exists()
