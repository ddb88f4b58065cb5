#!/usr/bin/env python3
"""A local OTLP/HTTP sink for the benchmarks: answers every POST under /v1/ (traces, metrics, logs) with 200 and an
empty protobuf body, and counts requests and bytes per path, so that span export costs the application what it costs
against a collector that keeps up (serialising, compressing, the HTTP call), not the failures of an exporter that has
nowhere to send.

    otlp-sink.py PORT [--counts FILE]

Listens on 127.0.0.1:PORT. GET /counts answers the counts as JSON ({"/v1/traces": {"requests": N, "bytes": B}, ...});
on SIGTERM or SIGINT they are also written to FILE when given. Python 3 standard library only.
"""

import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

counts = {}
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a collector offers it

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        remaining = length
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 65536))
            if not chunk:
                break
            remaining -= len(chunk)
        if self.path.startswith("/v1/"):
            with lock:
                entry = counts.setdefault(self.path, {"requests": 0, "bytes": 0})
                entry["requests"] += 1
                entry["bytes"] += length
            self.answer(200, b"", "application/x-protobuf")
        else:
            self.answer(404, b"", "text/plain")

    def do_GET(self):
        if self.path == "/counts":
            with lock:
                body = json.dumps(counts).encode()
            self.answer(200, body, "application/json")
        else:
            self.answer(404, b"", "text/plain")

    def answer(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass  # one line per export would be the sink's own cost


def main():
    if len(sys.argv) not in (2, 4) or (len(sys.argv) == 4 and sys.argv[2] != "--counts"):
        sys.exit(__doc__)
    port = int(sys.argv[1])
    counts_file = sys.argv[3] if len(sys.argv) == 4 else None
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True

    def stop(signum, frame):
        if counts_file:
            with lock, open(counts_file, "w") as f:
                json.dump(counts, f)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server.serve_forever()


if __name__ == "__main__":
    main()
