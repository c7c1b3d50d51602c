/**
 * A Docker event as a value: {@code DockerEvent} and {@code Actor}, parsed from the engine's JSON
 * (the raw line kept for {@code %%payload%%}), the fields match keys and placeholders read, an
 * engine's dialect (Podman's names), and the legacy fields Docker 29 dropped. The bottom of the
 * core: it imports no project package, and every other package may import it.
 */
package io.github.dockereventsreactor.event;
