/**
 * Strings of the rules file with their {@code %%placeholders%%}, parsed once at load and rendered
 * for one event (or a batch): an argv element, a URL part percent-encoded, a subject token, or the
 * placeholder that had no value. The engine's facts come through the {@code ContainerFacts} port,
 * looked up at most once per event ({@code EventContext}). It imports only {@code event}; {@code
 * rules} compiles templates, {@code core} renders them, {@code docker} implements the port.
 */
package io.github.dockereventsreactor.template;
