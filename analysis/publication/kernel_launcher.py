"""Start the chapters' IPython kernel without opening any TCP port.

    python -m analysis.publication.kernel_launcher -f <connection file>

Why: the kernel holds respondent data. Its channels run over IPC (:class:`WarmKernel` in
:mod:`analysis.publication.kernels`), but ipykernel also binds a TCP port on 127.0.0.1 for
output of forked subprocesses (``IOPubThread(pipe=True)``), which another user of a shared
machine can reach. No chapter forks a subprocess that prints, so that pipe is switched off
here, before the kernel starts; everything else is ipykernel's own launcher.
"""

from __future__ import annotations

from ipykernel import iostream
from ipykernel.kernelapp import launch_new_instance

_init = iostream.IOPubThread.__init__


def _zonder_pipe(self, socket, pipe: bool = False, session=False) -> None:
    _init(self, socket, pipe=False, session=session)


iostream.IOPubThread.__init__ = _zonder_pipe  # type: ignore[method-assign]

if __name__ == "__main__":
    launch_new_instance()
