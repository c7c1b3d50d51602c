/**
 * The NATS adapter: {@code nats:} actions published to JetStream, an event done only once the
 * stream acknowledged it, each message carrying the event's id as {@code Nats-Msg-Id} so the stream
 * drops the copies a crash sends again. It executes one kind of the core's actions for {@code
 * daemon}'s runner, uses {@code tls} for its certificates, and imports no other adapter.
 */
package io.github.dockereventsreactor.nats;
