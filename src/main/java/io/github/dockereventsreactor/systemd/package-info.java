/**
 * The systemd adapter: the notify protocol (ready, status lines, reloading, stopping), the listener
 * that tells systemd what the event stream does, and the watchdog's pings from a heartbeat of the
 * daemon's own threads. Without {@code NOTIFY_SOCKET} it sends nothing and loads nothing native. It
 * imports the core only; {@code cli} starts it.
 */
package io.github.dockereventsreactor.systemd;
