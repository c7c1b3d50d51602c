/**
 * The webhook adapter: {@code webhook:} actions sent through the JDK's HTTP client, TLS verified,
 * retried with backoff on connection errors and 5xx answers, redirects only when the rule allows,
 * answers read up to a cap. It implements the execution of one kind of the core's actions for
 * {@code daemon}'s runner, and imports no other adapter.
 */
package io.github.dockereventsreactor.http;
