/**
 * The command line: the picocli commands {@code run}, {@code check}, {@code replay} and {@code
 * explain}, their options and their output, and the log's set-up and layouts. Options reach the
 * daemon ({@code daemon}) as values; {@code check} asks {@code lint} for its warnings through the
 * machine as {@code ThisMachine} sees it; {@code replay} and {@code explain} drive the core's
 * reactor and matcher on recorded or live events. The one package that may import every other; only
 * {@code Main} imports it.
 */
package io.github.dockereventsreactor.cli;
