/**
 * The rules file read into records: {@code RulesLoader} turns YAML nodes (with their positions)
 * into a {@code RuleSet} of {@code Rule}s, their actions, options and metrics, and the {@code
 * reactor:} settings, or reports every {@code Problem} at once, each with its file, line and
 * column. It compiles match blocks ({@code match}) and templates ({@code template}) once, at load;
 * {@code core}, {@code lint} and the adapters read what it built.
 */
package io.github.dockereventsreactor.rules;
