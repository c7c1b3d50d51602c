/**
 * What a rule matches: a match block ({@code EventPattern}) of value tests ({@code ValueMatcher}:
 * exact, any of, glob, regex, not, exists) on one event's fields ({@code event}). It runs on the
 * reading thread, so every test takes time linear in the value's length: globs without
 * backtracking, regexes through RE2/J, never {@code java.util.regex}. Compiled by {@code rules},
 * used by {@code core}'s matcher.
 */
package io.github.dockereventsreactor.match;
