"""A delay proxy of the harness's own: Postgres as if it were ``rtt`` milliseconds away.

It listens on loopback only (127.0.0.1, a free port) and forwards each client connection to
the embedded server's Unix socket. Every chunk is handed on ``rtt / 2`` ms after it arrived,
in order, each way, so each request and its answer cost one round trip of ``rtt`` more, and a
write is committed on the server half a round trip after it was sent, as on a real network.
(Until the approval was one statement, the whole delay was put on the answers: a one-statement
write was then committed before any delay at all, 10 ms after its key.)

It also counts round trips as the wire has them: the ReadyForQuery messages the server
sends once a client is connected (one per query cycle, simple or extended), and the
connections opened, each of which costs a few round trips of its own (startup, auth).

The proxy runs in a thread with its own event loop and lives no longer than its ``with``
block, nor in any case than ``MAX_LIFETIME`` seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
import threading
import time
from collections.abc import Callable, Iterator
from types import TracebackType

import psycopg

MAX_LIFETIME = 3600.0
SSL_REQUEST, GSSENC_REQUEST = 80877103, 80877104  # answered with one byte, not a message
READY_FOR_QUERY = ord("Z")


class Counts:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ready = 0  # ReadyForQuery messages after each connection's startup
        self.connections = 0

    def snapshot(self) -> tuple[int, int]:
        with self.lock:
            return self.ready, self.connections


class _ServerStream:
    """Reads the server's side of one connection message by message, counting query cycles
    (the first ReadyForQuery ends the startup and is not one)."""

    def __init__(self, counts: Counts) -> None:
        self.counts = counts
        self.buffer = bytearray()
        self.single_byte_answers = 0  # SSL or GSS requests the server answers with a byte
        self.started = False

    def feed(self, data: bytes) -> None:
        self.buffer += data
        while True:
            if self.single_byte_answers and self.buffer:
                del self.buffer[:1]
                self.single_byte_answers -= 1
                continue
            if len(self.buffer) < 5:
                return
            kind = self.buffer[0]
            (length,) = struct.unpack("!I", self.buffer[1:5])
            if len(self.buffer) < 1 + length:
                return
            del self.buffer[: 1 + length]
            if kind == READY_FOR_QUERY:
                if self.started:
                    with self.counts.lock:
                        self.counts.ready += 1
                self.started = True


def _client_requests(first: bytes) -> int:
    """How many single-byte answers the client's opening packets ask for (SSL, GSS)."""
    asked, offset = 0, 0
    while offset + 8 <= len(first):
        length, code = struct.unpack("!II", first[offset : offset + 8])
        if code not in (SSL_REQUEST, GSSENC_REQUEST):
            break
        asked += 1
        offset += length
    return asked


class DelayProxy:
    def __init__(self, socket_path: str, rtt_ms: float) -> None:
        self.socket_path = socket_path
        self.delay = rtt_ms / 1000
        self.counts = Counts()
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="delay-proxy", daemon=True)

    def __enter__(self) -> DelayProxy:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the delay proxy did not start")
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)

    def url(self, conninfo: str) -> str:
        """``conninfo`` pointed at the proxy instead of the server's socket."""
        parts = psycopg.conninfo.conninfo_to_dict(conninfo)
        parts |= {"host": "127.0.0.1", "port": str(self.port), "sslmode": "disable"}
        return psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in parts.items()})

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._serve())
        self._loop.close()

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        server = await asyncio.start_server(self._connection, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), MAX_LIFETIME)
        server.close()
        # Cancelled and awaited before the loop closes: a connection's task left pending
        # printed "Task was destroyed but it is pending!" at the end of every run.
        tasks = asyncio.all_tasks() - {asyncio.current_task()}
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await server.wait_closed()

    async def _connection(
        self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter
    ) -> None:
        server_r, server_w = await asyncio.open_unix_connection(self.socket_path)
        with self.counts.lock:
            self.counts.connections += 1
        stream = _ServerStream(self.counts)
        upstream = asyncio.create_task(self._pipe(client_r, server_w, self._from_client(stream)))
        try:
            await self._pipe(server_r, client_w, stream.feed)
        except asyncio.CancelledError:
            pass  # the proxy is closing: asyncio would log a connection's cancelled task
        finally:
            upstream.cancel()
            for writer in (client_w, server_w):
                writer.close()

    @staticmethod
    def _from_client(stream: _ServerStream) -> Callable[[bytes], None]:
        first = [True]

        def seen(data: bytes) -> None:
            if first[0]:
                stream.single_byte_answers += _client_requests(data)
                first[0] = False

        return seen

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                    seen: Callable[[bytes], None]) -> None:  # fmt: skip
        """Hands each chunk ``reader`` gives to ``writer`` half the round trip later."""
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()
        half = self.delay / 2

        async def deliver() -> None:
            while True:
                due, data = await queue.get()
                wait = due - time.perf_counter()
                if wait > 0:
                    await asyncio.sleep(wait)
                if not data:
                    return
                writer.write(data)
                await writer.drain()

        delivering = asyncio.create_task(deliver())
        try:
            while data := await reader.read(65536):
                seen(data)
                await queue.put((time.perf_counter() + half, data))
            await queue.put((time.perf_counter() + half, b""))
            await delivering
            writer.close()  # the other side learns the connection ended, once its data is in
        finally:
            delivering.cancel()


@contextlib.contextmanager
def delayed(conninfo: str, rtt_ms: float) -> Iterator[tuple[DelayProxy, str]]:
    """A proxy in front of the server ``conninfo`` names (its Unix socket) and the conninfo
    that goes through it."""
    parts = psycopg.conninfo.conninfo_to_dict(conninfo)
    socket_path = f"{parts['host']}/.s.PGSQL.{parts.get('port') or 5432}"
    with DelayProxy(socket_path, rtt_ms) as proxy:
        yield proxy, proxy.url(conninfo)
