"""The README's first command as a newcomer runs it: on a copy of the checkout in a temporary folder,
so it builds its own fresh virtual environment, in the background; the app must answer
/_stcore/health and draw its first page (总览's title and headline figures, no exception); then it is
stopped by its process id.

    python3 .ci/first_run.py             # called by .ci/run before the tests; exit 0 when all held

Only the standard library here (it runs before any install). The first page is drawn by a browser-free
client (`--page PORT`, run with the new venv's Python, which has Streamlit's messages and `websockets`):
it opens the app's websocket as the browser would, asks for a run of the default page and collects the
elements the server sends until the run finishes. A fetch of `/` would only return Streamlit's empty
HTML shell, which says nothing of whether app.py runs.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALL_AND_START_SECONDS = 1200  # a pip install on a fresh machine, then the server's start
FIRST_PAGE_SECONDS = 180
EXPECTED_TITLE = "总览"


def readme_first_command(root: Path = ROOT) -> str:
    """The first line of the README's first code block: the command that installs and starts the app."""
    block = (root / "README.md").read_text(encoding="utf-8").split("```", 2)[1]
    return next(line.strip() for line in block.splitlines() if line.strip())


def copy_checkout(root: Path, into: Path) -> Path:
    """The files a fresh clone would hold (tracked and untracked, not ignored; no .venv), copied."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=root,
                            capture_output=True, check=False)
    target = into / "checkout"
    if listed.returncode != 0:  # not a git checkout: everything but the environment and git's own files
        shutil.copytree(root, target, ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__"))
        return target
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = root / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_health(port: int, process: subprocess.Popen, log: Path) -> None:
    """Until /_stcore/health says ok; fails if the command ends first or takes too long."""
    deadline = time.monotonic() + INSTALL_AND_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the README's first command ended with {process.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                if answer.status == 200 and answer.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit(f"no answer on /_stcore/health within {INSTALL_AND_START_SECONDS}s:\n{_tail(log)}")


def first_page(port: int) -> None:
    """(In the app's venv) Draw the default page over the websocket; exit non-zero unless it rendered."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    ask = BackMsg()
    ask.rerun_script.query_string = ""
    elements = []
    with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                 open_timeout=30, max_size=None) as ws:
        ws.send(ask.SerializeToString())
        deadline = time.monotonic() + FIRST_PAGE_SECONDS
        while time.monotonic() < deadline:
            msg = ForwardMsg.FromString(ws.recv(timeout=deadline - time.monotonic()))
            if msg.HasField("delta") and msg.delta.HasField("new_element"):
                elements.append(msg.delta.new_element)
            if msg.HasField("script_finished"):
                break
        else:
            raise SystemExit(f"the first page did not finish within {FIRST_PAGE_SECONDS}s")
    kinds = [e.WhichOneof("type") for e in elements]
    errors = [e.exception.message for e in elements if e.WhichOneof("type") == "exception"]
    titles = [e.heading.body for e in elements if e.WhichOneof("type") == "heading"]
    if errors or EXPECTED_TITLE not in titles or "metric" not in kinds:
        raise SystemExit(f"the first page did not render: titles {titles}, errors {errors}, elements {kinds}")
    print(f"first page rendered: title {EXPECTED_TITLE}, {kinds.count('metric')} headline figures, "
          f"{len(elements)} elements, no exception")


def main() -> int:
    command = readme_first_command()
    with tempfile.TemporaryDirectory(prefix="nianbao-first-run-") as tmp:
        checkout = copy_checkout(ROOT, Path(tmp))
        port = free_port()
        env = {**os.environ, "STREAMLIT_SERVER_PORT": str(port), "STREAMLIT_SERVER_ADDRESS": "127.0.0.1",
               "NIANBAO_HOME": str(Path(tmp) / "home"), "NIANBAO_CACHE": str(Path(tmp) / "cache")}
        env.pop("NIANBAO_REPORTS", None)
        log = Path(tmp) / "first-run.log"
        started = time.monotonic()
        with log.open("wb") as out:  # its own session: the pid is the process group of the whole command
            process = subprocess.Popen(["bash", "-c", command], cwd=checkout, env=env, stdout=out,
                                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            wait_for_health(port, process, log)
            print(f"/_stcore/health ok after {time.monotonic() - started:.0f} s (fresh venv, install and start)")
            page = subprocess.run([str(checkout / ".venv" / "bin" / "python"), str(checkout / ".ci" / "first_run.py"),
                                   "--page", str(port)], cwd=tmp, capture_output=True, text=True)
            print(page.stdout.strip() or page.stderr.strip())
            if page.returncode != 0:
                print(_tail(log), file=sys.stderr)
                return 1
        finally:
            os.killpg(process.pid, signal.SIGTERM)  # stopped by its process id (and its children with it)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        print(f"stopped by pid {process.pid}: exit {process.returncode}")
    return 0


def _tail(log: Path) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-3000:]


if __name__ == "__main__":
    if sys.argv[1:2] == ["--page"]:
        first_page(int(sys.argv[2]))
        sys.exit(0)
    sys.exit(main())
