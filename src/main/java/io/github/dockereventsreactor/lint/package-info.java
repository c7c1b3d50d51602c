/**
 * {@code check}'s warnings: what a valid rules file will probably not do as meant, one {@code
 * Check} class per kind of warning, listed in {@code Lint.CHECKS}, each reporting with the file's
 * positions ({@code rules.RulesSource}). Pure: it reads the loaded rules ({@code rules}, {@code
 * match}) and asks about the machine through the {@code Host} port, which {@code cli} implements.
 */
package io.github.dockereventsreactor.lint;
