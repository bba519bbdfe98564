"""Warm kernels: worker processes that each keep one Jupyter kernel running, for many chapters
and, when a caller shares the pool, for many builds.

Why: starting a kernel and importing pandas, statsmodels and matplotlib costs more than running
a chapter (about 3 s a kernel on the project's machines). A build of sixteen notebooks
therefore runs them in two warm kernels, one per core (:class:`WarmKernel`); the pool starts
those kernels as soon as it is made, so they warm up while the pipeline computes the year's
estimates. A caller that builds several years in one process -- the stress-variant report,
the test suite -- shares one pool (:func:`gedeeld`) and pays for the kernels once.

Every chapter still runs as in a fresh kernel: before each chapter the namespace is reset, the
working directory set and the execution counter restarted; before each build the variables
that point the library at its folders (:data:`analysis.data.paths.OMGEVING`) are set to the
caller's and the project's own modules are imported anew, so nothing read for one year's
configuration (the codebook, the registry) survives into the next. The tests check that a
chapter executed this way is byte-identical to papermill's one kernel per notebook, also
after a build of another configuration in the same kernel.

Chapters are handed out one at a time to whichever worker is free, so a long chapter does not
hold up a worker's fixed share; in book order at first, then the longest first as this pool
measured them in its previous builds (so that no long chapter runs alone at the end). The
first failure stops the build (the other worker finishes the chapter it is in) unless the
caller asks to go on (``doorgaan``: the stress-variant report wants every failure at once).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from analysis.data.paths import OMGEVING
from analysis.publication.execution import ChapterError
from analysis.publication.kernel_launcher import KERNEL, kernelspec

WORKERS = 2  # the machines have two cores; each worker runs its chapters in one kernel
CELL_TIMEOUT = 600
WARM_UP_MODULES = (
    "analysis.chapter",
    "analysis.statistics.models",
    "analysis.statistics.change",
    "analysis.data.questionnaire",
    "analysis.chapter.appendix",
    "analysis.chapter.overview",
    "analysis.statistics.weighting",
)
WARM_UP = f"import {', '.join(WARM_UP_MODULES)}, matplotlib.pyplot"
# Before a build: the caller's folders, and the project's modules imported anew (their
# caches hold configuration read for the previous build). Third-party modules stay loaded.
NEW_BUILD = (
    "import os, sys\n"
    "for _k, _v in {env!r}.items():\n"
    "    os.environ.pop(_k, None) if _v is None else os.environ.__setitem__(_k, _v)\n"
    "for _m in [m for m in sys.modules if m == 'analysis' or m.startswith('analysis.')]:\n"
    "    del sys.modules[_m]\n"
    f"import {', '.join(WARM_UP_MODULES)}"
)
# Between chapters: the chapter's folder as working directory (first: the previous one may
# be gone, a build's stage is renamed when it is done, and IPython's reset reads the working
# directory), an empty namespace, and the execution counter where a fresh kernel has it
# (papermill records the counts the kernel reports; after this cell, the next one reports 1,
# as in a new kernel).
RESET = (
    "import os\n"
    "os.chdir({cwd!r})\n"
    "get_ipython().run_line_magic('reset', '-f')\n"
    "get_ipython().execution_count = 1"
)


def _one_cell(source: str):
    """A notebook of one code cell (the warm-up and reset steps of :class:`WarmKernel`)."""
    from nbformat.v4 import new_code_cell, new_notebook

    return new_notebook(cells=[new_code_cell(source)])


def quiet_stderr(log: Path) -> None:
    """Send this process's stderr (inherited by the kernels it starts) to a log file.

    Kernels print start-up chatter (e.g. ipykernel's transport warning) on stderr; failures
    still reach the user through papermill's exception, with chapter and cell."""
    log.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 2)
    os.close(fd)


def huidige_omgeving() -> dict[str, str | None]:
    """The variables that point the library at its folders, as this process has them."""
    return {k: os.environ.get(k) for k in OMGEVING}


ENGINE = "warm"


def _register_engine() -> None:
    """Register papermill's nbclient engine, handed a running kernel client (``kc``).

    Why: papermill, given a running kernel (``km``), still opens a new client to it for every
    notebook, and a new client waits 0.2 s for the kernel's output channel to fall silent
    (jupyter_client's ``wait_for_ready``): with the reset step, about 0.4 s of idle waiting a
    chapter. The engine is papermill's own (same parameters, same cell handling, same
    errors) except that the client is the warm kernel's, opened once. Registering is
    papermill's documented way to plug in an engine."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    class WarmEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            kc=None,
            **kwargs,
        ):
            # NBClientEngine.execute_managed_notebook (papermill 2.7), with kc set
            kwargs = remove_args(["input_path"], **kwargs)
            safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
            final_kwargs = merge_kwargs(
                safe_kwargs,
                timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            client = PapermillNotebookClient(nb_man, **final_kwargs)
            client.kc = kc  # nbclient opens no client of its own when one is set
            return client.execute()

    papermill_engines.register(ENGINE, WarmEngine)


class WarmKernel:
    """One running kernel, with one client, reused for several chapters, each executed by
    papermill.

    Papermill still parameterises and executes every chapter; it is only handed this running
    kernel (``km``) and its client (``kc``) instead of starting them."""

    def __init__(self, cwd: Path) -> None:
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        _register_engine()
        # The kernel holds respondent data. Over TCP (the default) any user of a shared
        # machine could connect to its ports; over IPC its sockets are files in a folder only
        # this user can open (mkdtemp makes it 0700), and no port is opened at all.
        # The kernel itself is started by analysis.publication.kernel_launcher, which also
        # switches off ipykernel's one TCP port (the pipe for forked subprocesses' output).
        self.sockets = Path(tempfile.mkdtemp(prefix="inburgering-kernel-"))
        # Asynchronous, as nbclient makes its own: with a blocking client, nbclient's wait
        # for output blocks its event loop, and a kernel that dies is never noticed.
        self.km = AsyncKernelManager(
            kernel_name=KERNEL,
            kernel_spec_manager=kernelspec(self.sockets),
            transport="ipc",
            ip=str(self.sockets / "kernel"),
        )
        # History is off: restarting the execution counter would clash with its database.
        run_sync(self.km.start_kernel)(
            cwd=str(cwd), extra_arguments=["--HistoryManager.enabled=False"]
        )
        self.kc = self.km.client()
        self.kc.start_channels()
        run_sync(self.kc.wait_for_ready)(timeout=60)
        self.kc.allow_stdin = False  # as nbclient sets it: a chapter cannot ask for input
        self._run(WARM_UP)

    def _run(self, source: str) -> None:
        from nbclient import NotebookClient

        client = NotebookClient(
            _one_cell(source), km=self.km, timeout=CELL_TIMEOUT, kernel_name="python3"
        )
        client.kc = self.kc
        client.execute()

    def new_build(self, env: dict[str, str | None]) -> None:
        """Point the kernel at another build's folders, with the project's modules fresh."""
        self._run(NEW_BUILD.format(env=env))

    def execute(self, source: Path, out: Path, parameters: dict) -> None:
        """Execute one chapter with papermill, in this (reset) kernel instead of a new one;
        a failing cell raises :class:`~analysis.publication.execution.ChapterError`."""
        from analysis.publication.execution import run_papermill

        out.parent.mkdir(parents=True, exist_ok=True)
        self._run(RESET.format(cwd=str(out.parent)))
        run_papermill(
            source,
            out,
            parameters,
            engine_name=ENGINE,
            km=self.km,
            kc=self.kc,
            execution_timeout=CELL_TIMEOUT,
        )

    def alive(self) -> bool:
        from jupyter_core.utils import run_sync

        return bool(run_sync(self.km.is_alive)())

    def close(self) -> None:
        from jupyter_core.utils import run_sync

        self.kc.stop_channels()
        run_sync(self.km.shutdown_kernel)(now=True)
        shutil.rmtree(self.sockets, ignore_errors=True)


# --------------------------------------------------------------------------- the pool
@dataclass(frozen=True)
class Build:
    """What every chapter of one build shares: its folders and parameters."""

    stage: Path
    jaar: int
    data_dir: Path
    gewogen: bool
    env: dict[str, str | None]


@dataclass(frozen=True)
class Taak:
    """One chapter to execute: its name, source notebook and place in the build."""

    naam: str
    bron: Path
    entry: str


@dataclass(frozen=True)
class Mislukt:
    """A chapter that stopped: which, in which cell of its source notebook, with what."""

    hoofdstuk: str
    melding: str  # the pipeline's message: chapter, cell, first line, error
    cel: int  # index in the source notebook, from 0
    fout: str  # e.g. "KeyError: 'kapot'"
    traceback: tuple[str, ...] = ()


def _stop_on_sigterm(_signum, _frame) -> None:
    raise SystemExit(0)  # runs the worker's finally: its kernel is shut down, not orphaned


def _failure(naam: str, exc: Exception) -> Mislukt:
    """A failure outside the chapter's cells (the kernel's own steps, papermill's I/O)."""
    regels = str(exc).strip().splitlines()
    fout = f"{type(exc).__name__}: {regels[-1] if regels else ''}"
    melding = f"Hoofdstuk '{naam}' kon niet worden uitgevoerd: {fout}"
    if type(exc).__name__ == "DeadKernelError":
        melding += " (de kernel stopte: geheugen vol, of een crash buiten Python)"
    return Mislukt(naam, melding, -1, fout)


def _worker(conn: Connection, log: Path) -> None:
    """A worker process: start a warm kernel at once, then execute what the pool sends.

    A kernel that died (a chapter that crashed it) is replaced before the next chapter."""
    from analysis.publication.execution import chapter_parameters

    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    quiet_stderr(log)
    kernel = WarmKernel(log.parent)
    build: Build | None = None
    fresh = False  # whether the kernel was pointed at this build
    try:
        while (bericht := conn.recv()) is not None:
            if isinstance(bericht, Build):
                build, fresh = bericht, False
                for k, v in build.env.items():  # this process's own code reads them too
                    os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)
                continue
            taak: Taak = bericht
            assert build is not None, "a chapter was sent before its build"
            out = build.stage / taak.entry
            parameters = chapter_parameters(
                out, build.stage, build.jaar, build.data_dir, build.gewogen
            )
            started = time.perf_counter()
            try:
                if not kernel.alive():
                    kernel.close()
                    kernel, fresh = WarmKernel(log.parent), False
                if not fresh:
                    kernel.new_build(build.env)
                    fresh = True
                kernel.execute(taak.bron, out, parameters)
            except ChapterError as exc:
                conn.send(Mislukt(taak.naam, str(exc), exc.cel, exc.fout, exc.traceback))
                continue
            except Exception as exc:
                conn.send(_failure(taak.naam, exc))
                continue
            conn.send((taak.naam, time.perf_counter() - started))
    except EOFError:
        pass  # the pool went away
    finally:
        kernel.close()


class WorkerLost(ChapterError):
    """A worker process ended while it had a chapter (killed, out of memory, a crash)."""


class KernelPool:
    """Worker processes, each with one warm kernel, that execute the chapters of builds.

    The workers start (and their kernels warm up) when the pool is made; use it as a context
    manager, or :meth:`close` it: that shuts the kernels down."""

    def __init__(self, workers: int = WORKERS) -> None:
        self.logs = Path(tempfile.mkdtemp(prefix="inburgering-kernels-"))
        ctx = multiprocessing.get_context()
        self._workers: list[tuple[multiprocessing.process.BaseProcess, Connection, Path]] = []
        for i in range(workers):
            ours, theirs = ctx.Pipe()
            log = self.logs / f"werker-{i}.log"
            proc = ctx.Process(target=_worker, args=(theirs, log), daemon=True)
            proc.start()
            theirs.close()
            self._workers.append((proc, ours, log))
        self._seconds: dict[str, float] = {}  # how long each chapter took, last time
        self._usable = True  # false once a run was cut short: workers may still be busy

    @property
    def workers(self) -> int:
        return len(self._workers)

    def run(
        self,
        taken: list[Taak],
        build: Build,
        progress: Callable[[str, int, float], None] = lambda naam, klaar, sec: None,
        doorgaan: bool = False,
    ) -> list[Mislukt]:
        """Execute ``taken`` for ``build``; returns the chapters that failed (the first one
        only, unless ``doorgaan``). ``progress(name, done, seconds since start)`` after each."""
        if not self.alive():
            raise WorkerLost("De kernels van deze pool zijn niet meer bruikbaar.")
        self._usable = False  # until this run ends normally
        started = time.perf_counter()
        todo = sorted(taken, key=lambda t: -self._seconds.get(t.naam, 0.0))  # stable
        busy: dict[Connection, Taak] = {}
        failed: list[Mislukt] = []
        done = 0
        for proc, conn, log in self._workers:  # every worker takes the build, then a chapter
            if not todo:
                break
            self._send(proc, conn, log, build)
            busy[conn] = todo.pop(0)
            self._send(proc, conn, log, busy[conn])
        while busy:
            for conn in wait(list(busy)):
                proc, log = next((p, lg) for p, c, lg in self._workers if c is conn)
                try:
                    bericht = conn.recv()
                except (EOFError, OSError):
                    taak = busy.pop(conn)
                    self._drain(busy)
                    raise WorkerLost(self._lost(taak.naam, proc, log)) from None
                taak = busy.pop(conn)
                if isinstance(bericht, Mislukt):
                    failed.append(bericht)
                    if not doorgaan:
                        todo.clear()
                else:
                    done += 1
                    self._seconds[taak.naam] = bericht[1]
                    progress(taak.naam, done, time.perf_counter() - started)
                if todo:
                    busy[conn] = todo.pop(0)
                    self._send(proc, conn, log, busy[conn])
        self._usable = True
        return failed

    def _send(self, proc, conn: Connection, log: Path, bericht) -> None:
        try:
            conn.send(bericht)
        except (BrokenPipeError, OSError):
            raise WorkerLost(self._lost(getattr(bericht, "naam", "?"), proc, log)) from None

    @staticmethod
    def _drain(busy: dict[Connection, Taak]) -> None:
        """Wait for the chapters still running elsewhere, so the pool is idle again."""
        for conn in list(busy):
            with contextlib.suppress(EOFError, OSError):
                conn.recv()
            busy.pop(conn)

    @staticmethod
    def _lost(naam: str, proc, log: Path) -> str:
        proc.join(timeout=5)
        tail = log.read_text(encoding="utf-8", errors="replace")[-1500:] if log.exists() else ""
        return (
            f"Een werkproces stopte onverwacht tijdens hoofdstuk '{naam}' (exitcode "
            f"{proc.exitcode}). Draai opnieuw; de vorige build is ongewijzigd."
            + (f"\nLaatste regels van zijn log:\n{tail}" if tail.strip() else "")
        )

    def alive(self) -> bool:
        """Whether every worker runs and none is busy with a run that was cut short (an
        interrupted build leaves answers in the pipes; a shared pool is then replaced)."""
        return self._usable and all(proc.is_alive() for proc, _c, _l in self._workers)

    def close(self) -> None:
        """Shut every kernel down and end the workers (terminated when they do not stop)."""
        for _proc, conn, _log in self._workers:
            with contextlib.suppress(BrokenPipeError, OSError):
                conn.send(None)
        for proc, conn, _log in self._workers:
            proc.join(timeout=10)
            if proc.is_alive():
                proc.terminate()
                proc.join(timeout=10)
            conn.close()
        shutil.rmtree(self.logs, ignore_errors=True)

    def __enter__(self) -> KernelPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@dataclass
class _Gedeeld:
    workers: int
    pool: KernelPool | None = None


_GEDEELD: list[_Gedeeld] = []


@contextlib.contextmanager
def gedeeld(workers: int = WORKERS) -> Iterator[None]:
    """Within this block every build uses one pool, made at the first build and closed at the
    end (the stress variants, the test session)."""
    _GEDEELD.append(_Gedeeld(workers))
    try:
        yield
    finally:
        slot = _GEDEELD.pop()
        if slot.pool is not None:
            slot.pool.close()


@contextlib.contextmanager
def pool_voor_build(workers: int = WORKERS) -> Iterator[KernelPool]:
    """The shared pool when a caller set one up (:func:`gedeeld`), else a pool of this build's
    own, closed when the build ends. A shared pool that lost a worker is replaced."""
    if not _GEDEELD:
        with KernelPool(workers) as pool:
            yield pool
        return
    slot = _GEDEELD[-1]
    if slot.pool is not None and not slot.pool.alive():
        slot.pool.close()
        slot.pool = None
    if slot.pool is None:
        slot.pool = KernelPool(slot.workers)
    yield slot.pool
