#!/usr/bin/env python3
"""Serves a directory of JPEG frames to the motion daemon as a snapshot network camera (bench/versus-motion.sh).

    versus-motion-feed.py FPS FRAMES_DIR PORT_FILE
    versus-motion-feed.py --check FRAMES_DIR    (exits with a message unless motion takes the frames' size)

Listens on 127.0.0.1 on a free port, writes the port to PORT_FILE once listening, and answers every
GET with the next frame in name order (Content-Type image/jpeg, one picture per connection), each
at least 1/FPS after the one before. motion 4.5 takes such a camera (netcam_url mjpeg://...) as
"non-streaming": its camera thread fetches a picture, then waits until the main loop has taken it
before it fetches the next one, and the main loop waits (up to 0.5 s) for a new picture, so it
analyses every frame once, in order, at the footage's rate (motion's own rates, such as how often
it compares a picture with its reference, are counted in pictures per second of the clock).

The camera thread fetches twice before the main loop takes its first picture (once to learn the
picture's size, once as it starts), so the first two requests both get frame 1.

Frame k is served with k spaces between its APPn segments and the next marker. libjpeg skips them,
so the picture decodes to the same pixels, and warns "Corrupt JPEG data: k extraneous bytes before
marker ...", which motion logs (log_level 8) from its main loop as it decodes the picture: the log
says which frame each pass of motion's loop analysed.

After the last frame, a request is held open, unanswered, until the process is stopped.
"""
import http.server
import os
import sys
import threading
import time


def tagged(jpeg: bytes, number: int) -> bytes:
    """The JPEG with `number` spaces between its APPn segments and the next marker."""
    if jpeg[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG (no SOI marker)")
    pos = 2
    while pos + 4 <= len(jpeg) and jpeg[pos] == 0xFF and 0xE0 <= jpeg[pos + 1] <= 0xEF:
        pos += 2 + int.from_bytes(jpeg[pos + 2:pos + 4], "big")
    return jpeg[:pos] + b" " * number + jpeg[pos:]


def size(jpeg: bytes) -> tuple[int, int]:
    """The picture's width and height, from its start-of-frame segment."""
    pos = 2
    while pos + 4 <= len(jpeg) and jpeg[pos] == 0xFF:
        marker = jpeg[pos + 1]
        if marker in (0xC0, 0xC1, 0xC2) and pos + 9 <= len(jpeg):
            return int.from_bytes(jpeg[pos + 7:pos + 9], "big"), int.from_bytes(jpeg[pos + 5:pos + 7], "big")
        pos += 2 + int.from_bytes(jpeg[pos + 2:pos + 4], "big")
    raise ValueError("no start-of-frame segment")


def frame_names(frames_dir: str) -> list[str]:
    """The directory's JPEG files in name order; exits with a message when there are none."""
    names = sorted(n for n in os.listdir(frames_dir) if n.lower().endswith((".jpg", ".jpeg")))
    if not names:
        sys.exit(f"versus-motion-feed.py: no .jpg or .jpeg files in {frames_dir}")
    return names


def check(frames_dir: str) -> None:
    """Exits with a message unless the first frame is a size motion takes: both sides a multiple of 8."""
    names = frame_names(frames_dir)
    with open(os.path.join(frames_dir, names[0]), "rb") as f:
        width, height = size(f.read())
    if width % 8 or height % 8:
        sys.exit(f"versus-motion-feed.py: {frames_dir} is {width}x{height}; motion takes only pictures whose sides "
                 f"are multiples of 8: crop the frames to {width // 8 * 8}x{height // 8 * 8} for both detectors "
                 f"first (ffmpeg's crop filter)")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(sys.argv[2])
        return
    if len(sys.argv) != 4:
        sys.exit("usage: versus-motion-feed.py FPS FRAMES_DIR PORT_FILE | --check FRAMES_DIR")
    period = 1 / float(sys.argv[1])
    frames_dir, port_file = sys.argv[2], sys.argv[3]
    names = frame_names(frames_dir)
    requests = [0]
    last_served = [0.0]  # time.monotonic() when the last frame was sent
    lock = threading.Lock()
    stopping = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            with lock:
                requests[0] += 1
                number = max(1, requests[0] - 1)  # requests 1 and 2 both get frame 1
            if number > len(names):
                stopping.wait()  # no more frames: hold the request until we are stopped
                return
            with open(os.path.join(frames_dir, names[number - 1]), "rb") as f:
                body = tagged(f.read(), number)
            with lock:  # paced: no sooner than a period after the frame before
                time.sleep(max(0.0, last_served[0] + period - time.monotonic()))
                last_served[0] = time.monotonic()
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server's name)
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(port_file + ".tmp", "w") as f:
        f.write(f"{server.server_address[1]}\n")
    os.replace(port_file + ".tmp", port_file)
    try:
        server.serve_forever()
    finally:
        stopping.set()


if __name__ == "__main__":
    main()
