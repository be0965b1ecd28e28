package dev.fleetway.execute;

import java.util.List;

/**
 * Where a run publishes its {@link Event}s. Implementations are called from worker threads, in the order the
 * facts happen on each target, and must not throw.
 */
@FunctionalInterface
public interface Events {

    void publish(Event event);

    /** Drops every event. */
    static Events none() {
        return event -> {
        };
    }

    /** Publishes each event to every one of {@code sinks}, in order. */
    static Events all(Events... sinks) {
        List<Events> list = List.of(sinks);
        return event -> list.forEach(sink -> sink.publish(event));
    }
}
