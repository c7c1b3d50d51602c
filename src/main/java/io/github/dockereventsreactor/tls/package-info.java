/**
 * A TLS context from PEM files as operators hold them: Docker's certificate directory and
 * nats-server's CA, certificate and key files. A leaf library shared by the two adapters that speak
 * TLS ({@code docker}, {@code nats}): it imports no project package.
 */
package io.github.dockereventsreactor.tls;
