/**
 * The running daemon's control socket: a Unix socket only the daemon's user may use, answering one
 * request a connection ({@code health}, {@code reload}), and the client the {@code health} and
 * {@code reload} commands use. An adapter like the others: {@code daemon} gives it the answers,
 * {@code cli} the client; it imports neither.
 */
package io.github.dockereventsreactor.control;
