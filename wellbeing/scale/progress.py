"""A progress bar for long seeding phases, with no dependency: one line redrawn on a terminal,
one line per quarter otherwise (a log file gets no carriage returns)."""

import time


class Progress:
    WIDTH = 30

    def __init__(self, stream, label: str, total: int):
        self.stream = stream
        self.label = label
        self.total = max(total, 1)
        self.done = 0
        self.started = time.perf_counter()
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self._shown = -1
        self._draw()

    def advance(self, n: int = 1) -> None:
        self.done = min(self.done + n, self.total)
        self._draw()

    def close(self) -> None:
        self.done = self.total
        self._draw(final=True)

    def _draw(self, final: bool = False) -> None:
        percent = self.done * 100 // self.total
        bucket = percent // (1 if self.tty else 25)
        if bucket == self._shown and not (final and self.tty):
            return  # on a log, the last quarter's line already said 100 %
        self._shown = bucket
        filled = self.WIDTH * self.done // self.total
        bar = "#" * filled + "." * (self.WIDTH - filled)
        elapsed = time.perf_counter() - self.started
        line = f"  {self.label:<24} [{bar}] {percent:3d}% {self.done}/{self.total} {elapsed:6.1f} s"
        if self.tty:
            self.stream.write("\r" + line, ending="\n" if final else "")
        else:
            self.stream.write(line)
        flush = getattr(self.stream, "flush", None)
        if flush:
            flush()
