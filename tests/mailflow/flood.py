"""A client holding N policy connections open at once, in its own process (its own fd limit).

`python flood.py HOST PORT N FLAGGED_REQUEST_FILE CITIZEN_REQUEST_FILE`: opens N connections,
waits until every one is connected, then sends one request on each (every tenth the flagged
one), reads every answer, and only then closes them all, so that all N are open together for the
whole exchange. Prints {"connected", "answered", "answers": {answer: count}} as JSON.

Plain non-blocking sockets and one selector: 10,000 asyncio streams would make the client, not the
service, the slow part.
"""

from __future__ import annotations

import json
import resource
import selectors
import socket
import sys
import time
from collections import Counter
from pathlib import Path


def main() -> None:
    host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    flagged, citizen = Path(sys.argv[4]).read_bytes(), Path(sys.argv[5]).read_bytes()
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (n + 100, hard))
    deadline = time.monotonic() + 120
    sel = selectors.DefaultSelector()
    socks: list[socket.socket] = []
    pending = 0
    for i in range(n):  # in waves, so that the listen backlog is never overrun (no SYN retries)
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        s.connect_ex((host, port))
        sel.register(s, selectors.EVENT_WRITE, i)
        socks.append(s)
        pending += 1
        if pending >= 500 or i == n - 1:
            while pending and time.monotonic() < deadline:
                for key, _ in sel.select(1.0):
                    sel.unregister(key.fileobj)
                    pending -= 1
    connected = sum(1 for s in socks if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0)
    buffers: dict[int, bytes] = {}
    for i, s in enumerate(socks):
        s.sendall(flagged if i % 10 == 0 else citizen)
        sel.register(s, selectors.EVENT_READ, i)
    answers: Counter[str] = Counter()
    while sum(answers.values()) < n and time.monotonic() < deadline:
        for key, _ in sel.select(1.0):
            i = key.data
            data = buffers.get(i, b"") + key.fileobj.recv(4096)  # type: ignore[union-attr]
            if data.endswith(b"\n\n") or not data:
                sel.unregister(key.fileobj)
                answers[data.split(b"\n", 1)[0].split(b" ", 1)[0].decode("ascii", "replace")] += 1
            else:
                buffers[i] = data
    for s in socks:
        s.close()
    print(json.dumps({"connected": connected, "answered": sum(answers.values()), "answers": answers}))


if __name__ == "__main__":
    main()
