package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.template.ContainerFacts;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * What a reactor hands every lane it makes, the same for all its rules: what runs the actions and
 * who hears of them, the progress their tickets complete, the {@code --max-running} permits and the
 * heap budget shared with every rule, the clock and timers of their gates and lingers, where their
 * commands run, the engine's facts, and the journal a full queue spills to. One record, so a lane
 * is made from its rule and these, and a new part reaches every lane through one place.
 */
record LaneParts(
    ActionExecutor executor,
    ReactorListener listener,
    Progress progress,
    Semaphore running,
    Timers timers,
    Staffing staffing,
    QueueBudget budget,
    ContainerFacts facts,
    Optional<EventJournal> journal) {}
