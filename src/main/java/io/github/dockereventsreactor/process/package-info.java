/**
 * The command adapter: {@code run:} actions started without a shell, through posix_spawn in a
 * session and process group of their own, their output logged within limits, their group killed at
 * the timeout and when they leave children behind. It executes one kind of the core's actions for
 * {@code daemon}'s runner, and imports no other adapter.
 */
package io.github.dockereventsreactor.process;
