/**
 * {@code test}: rules tested like code. Test files are read into cases (events with their times,
 * inspect documents, expected doings), each case is run through the core on the events' own clock
 * as {@code replay} runs it, executing nothing, and what each rule did is compared with what the
 * case expects and reported as text or JUnit XML. Above the core, beside {@code daemon}; {@code
 * cli}'s {@code TestCommand} calls it.
 */
package io.github.dockereventsreactor.ruletest;
