#!/usr/bin/python3
"""An RTSP server on loopback for the RTSP camera test and benchmark: GStreamer's RTSP server serving an
H.264 test pattern (x264) at /cam, which asks for a user name and password (HTTP Basic), and at /open,
which does not; an audio-only stream at /audio, and video in a payload ffmpeg does not know at /gst.

Usage: rtsp-server.py PORT WIDTH HEIGHT FPS USER PASSWORD [PATTERN]
PATTERN is videotestsrc's (ball by default: a ball moving over black; snow is noise, the worst case).
Prints "ready" on standard output once it listens; ends on SIGTERM or SIGINT.
"""
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def factory(launch, *roles):
    """A mount that the given roles may play; the others see it (no 404) but are asked to log in (401)."""
    media = GstRtspServer.RTSPMediaFactory()
    media.set_launch(launch)
    media.set_shared(True)
    permissions = GstRtspServer.RTSPPermissions()
    for role in ("anonymous", "user"):
        permissions.add_permission_for_role(role, "media.factory.access", True)
        permissions.add_permission_for_role(role, "media.factory.construct", role in roles)
    media.set_permissions(permissions)
    return media


def main():
    port, width, height, fps, user, password = sys.argv[1:7]
    pattern = sys.argv[7] if len(sys.argv) > 7 else "ball"
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(port)

    auth = GstRtspServer.RTSPAuth()
    users = GstRtspServer.RTSPToken()
    users.set_string("media.factory.role", "user")
    auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), users)
    anonymous = GstRtspServer.RTSPToken()
    anonymous.set_string("media.factory.role", "anonymous")
    auth.set_default_token(anonymous)
    server.set_auth(auth)

    video = ("( videotestsrc is-live=true pattern={p} ! video/x-raw,width={w},height={h},framerate={f}/1 "
             "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max={f} "
             "! video/x-h264,profile=baseline ! rtph264pay name=pay0 pt=96 config-interval=1 )"
             ).format(p=pattern, w=width, h=height, f=fps)
    audio = "( audiotestsrc is-live=true ! audioconvert ! audio/x-raw,format=S16BE,channels=1,rate=8000 " \
            "! rtpL16pay name=pay0 pt=97 )"
    # Video in GStreamer's own RTP payload (X-GST), which ffmpeg does not know.
    unknown = "( videotestsrc is-live=true ! video/x-raw,width=64,height=48 ! rtpgstpay name=pay0 pt=98 )"
    mounts = server.get_mount_points()
    mounts.add_factory("/cam", factory(video, "user"))
    mounts.add_factory("/open", factory(video, "anonymous", "user"))
    mounts.add_factory("/audio", factory(audio, "anonymous", "user"))
    mounts.add_factory("/gst", factory(unknown, "anonymous", "user"))

    if server.attach(None) == 0:
        sys.exit("cannot listen on 127.0.0.1:" + port)
    loop = GLib.MainLoop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signum, loop.quit)
    print("ready", flush=True)
    loop.run()


if __name__ == "__main__":
    main()
