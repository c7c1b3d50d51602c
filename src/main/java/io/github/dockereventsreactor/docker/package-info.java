/**
 * The Docker Engine API adapter: where the engine is, the raw {@code /events} stream with its
 * reconnects, pings and line cap, the engine's flavour (Docker or Podman) and dialect, and its
 * facts ({@code /info}, container inspect documents and their cache, the container list). It
 * implements the core's {@code EventSource}, {@code ContainerLister} and the template's {@code
 * ContainerFacts}, uses {@code tls} for a TLS engine, and imports no other adapter.
 */
package io.github.dockereventsreactor.docker;
