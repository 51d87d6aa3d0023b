#!/usr/bin/env python3
"""Holds N Server-Sent Events streams open on /api/events until killed, and
prints how long after START_FILE's mtime-triggering write each stream saw a
new version (for the commit-to-page figure).
  event_clients.py HOST PORT N"""
import select, socket, sys, time

host, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
streams = []
for _ in range(count):
    s = socket.create_connection((host, port))
    s.sendall(f"GET /api/events HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n".encode())
    streams.append(s)
versions = {}
print(f"{count} streams open", flush=True)
while True:
    ready, _, _ = select.select(streams, [], [], 1.0)
    for s in ready:
        data = s.recv(65536)
        if not data:
            streams.remove(s)
            continue
        for line in data.decode(errors="replace").splitlines():
            if '"version":' in line:
                version = int(line.split('"version":')[1].split("}")[0])
                if versions.get(s) is not None and version != versions[s]:
                    print(f"update {version} at {time.time():.3f}", flush=True)
                versions[s] = version
