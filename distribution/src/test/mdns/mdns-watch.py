#!/usr/bin/python3
"""Watches one DNS-SD service type from one interface with python3-zeroconf (the library Home Assistant
discovers devices with) and prints a JSON line per event: "ready", an instance added or updated and
resolved (host name, port, the host name's addresses, TXT), or removed. Runs until stdin is closed.

Usage: mdns-watch.py <address of the interface> <service type, e.g. _https._tcp.local.>
"""
import json
import sys
import threading

from zeroconf import IPVersion, ServiceBrowser, ServiceListener, Zeroconf


def main():
    address, service_type = sys.argv[1], sys.argv[2]
    zeroconf = Zeroconf(interfaces=[address], ip_version=IPVersion.V4Only)
    lock = threading.Lock()

    def say(**event):
        with lock:
            print(json.dumps(event), flush=True)

    class Listener(ServiceListener):
        def resolve(self, kind, name):
            info = zeroconf.get_service_info(service_type, name, timeout=3000)
            if info is None:
                say(event=kind, name=name, resolved=False)
                return
            txt = {key.decode(): (value or b"").decode() for key, value in info.properties.items()}
            say(event=kind, name=name, resolved=True, server=info.server, port=info.port,
                addresses=info.parsed_addresses(), txt=txt)

        def add_service(self, zc, type_, name):
            self.resolve("add", name)

        def update_service(self, zc, type_, name):
            self.resolve("update", name)

        def remove_service(self, zc, type_, name):
            say(event="remove", name=name)

    browser = ServiceBrowser(zeroconf, service_type, Listener())
    say(event="ready")
    try:
        sys.stdin.read()
    finally:
        browser.cancel()
        zeroconf.close()


if __name__ == "__main__":
    main()
