package jtrace.engine;

import java.io.IOException;

/**
 * Decides what to send and when it is done; the {@link Engine} does the sending, matching and timing. The classic
 * traceroute (RouteScanner), mtr rounds, MDA and Doubletree are policies over one engine.
 */
public interface Policy {
    /** The next probe to send now, or null for nothing now. Asked while the window (-N) and pacing (-z) allow. */
    Request next(long now);

    /** When {@code probe}, the oldest in flight, stops waiting for its answer (engine clock). */
    long deadline(Event.Sent probe);

    /** A time to be asked again even if nothing happens (a timer), or {@link Long#MAX_VALUE}; never in the past. */
    default long wakeAt(long now) { return Long.MAX_VALUE; }

    /**
     * Whether a probe that cannot be sent is an {@link Event.Failed} for this policy (which then says so in its
     * result) rather than an exception out of {@link Engine#run}.
     */
    default boolean recordsSendErrors() { return false; }

    /** One event, in the order they happen. */
    void on(Event event);

    /** After each batch of events: true when the policy has its answer and the engine should return. */
    boolean done(long now) throws IOException;
}
