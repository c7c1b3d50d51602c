/**
 * The Prometheus adapter: the time series of Docker's events and of the reactor, kept as a listener
 * on what the core does ({@code ReactorListener}), the rules' own counters, series caps, readiness,
 * and the HTTP server of {@code /metrics}, {@code /healthz} and {@code /readyz}. It imports the
 * core only and no other adapter; {@code cli} builds it, one listener per engine, for {@code run}.
 */
package io.github.dockereventsreactor.metrics;
