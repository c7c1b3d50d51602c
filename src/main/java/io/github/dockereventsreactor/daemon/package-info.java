/**
 * A running reactor's wiring: for each engine an {@code EngineRun} (client, facts, journal,
 * position, reactor and event stream), the journal's opening, the reload and {@code --watch}, the
 * signals, and the executors behind the core's action port ({@code process}, {@code http}, {@code
 * nats}). The one place where the core and the adapters meet; {@code cli} builds it from options
 * and it imports nothing of {@code cli} or picocli.
 */
package io.github.dockereventsreactor.daemon;
