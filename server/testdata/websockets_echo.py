"""Echo check with python3-websockets (Debian's 10.4), a client nobody here wrote.

Usage: websockets_echo.py URL MODE
MODE picks the permessage-deflate offer: chrome (client_max_window_bits, as
websockets sends by default), no-context (client_no_context_takeover), or
small-windows (server_max_window_bits=9, client_max_window_bits=9).
It sends text and binary messages of 0 bytes to 1 MiB, each twice, requires
every echo byte for byte, and prints the Sec-WebSocket-Extensions the server
answered. Any difference or error exits non-zero.
"""
import asyncio
import random
import sys

import websockets
from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory

OFFERS = {
    "chrome": dict(),
    "no-context": dict(client_no_context_takeover=True),
    "small-windows": dict(server_max_window_bits=9, client_max_window_bits=9),
}
SIZES = [0, 1, 125, 126, 65535, 65536, 100000, 1 << 20]


def text(n):
    words = "the websocket playground echoes compressed messages; "
    return (words * (n // len(words) + 1))[:n]


async def main(url, mode):
    factory = ClientPerMessageDeflateFactory(**OFFERS[mode])
    async with websockets.connect(url, extensions=[factory], compression=None,
                                  max_size=4 << 20, open_timeout=10) as ws:
        print(ws.response_headers.get("Sec-WebSocket-Extensions", ""))
        rnd = random.Random(7)
        for n in SIZES:
            for msg in (text(n), text(n), rnd.randbytes(n)):
                await ws.send(msg)
                got = await asyncio.wait_for(ws.recv(), 30)
                if got != msg:
                    sys.exit("echo of %d bytes (%s) differs" % (n, type(msg).__name__))


asyncio.run(main(sys.argv[1], sys.argv[2]))
