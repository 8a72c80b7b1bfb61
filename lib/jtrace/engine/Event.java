package jtrace.engine;

import jtrace.probe.Reply;

/** What happened to a probe, as the engine hands it to a policy: sent, answered, or expired unanswered. */
public sealed interface Event {
    /** The probe this event is about. */
    ProbeId id();

    /** When it left, on the engine's monotonic clock. */
    long sentAt();

    /** Why it was sent. */
    Request.Purpose purpose();

    /** The probe left. */
    record Sent(ProbeId id, long sentAt, Request.Purpose purpose) implements Event {}

    /** Its reply came back in time (matched by sequence and quoted destination). */
    record Answered(ProbeId id, long sentAt, Request.Purpose purpose, Reply reply) implements Event {
        /** Round trip, nanoseconds. */
        public long rtt() { return reply.received() - sentAt; }
    }

    /** No reply by its deadline, or the policy gave up on it. A reply that comes later in the same run is {@link Late}. */
    record Expired(ProbeId id, long sentAt, Request.Purpose purpose) implements Event {}

    /**
     * The reply of a probe that had already expired, arriving while the same policy still runs: the probe stays lost
     * (its hop showed {@code *}), but the reply is data (RIPE Atlas lists it as "late"). At most one per probe.
     */
    record Late(ProbeId id, long sentAt, Request.Purpose purpose, Reply reply) implements Event {}

    /**
     * The probe could not be sent: the send failed for good (a local firewall's EPERM, no route), {@code error} says
     * how. Only a policy that {@link Policy#recordsSendErrors records them} sees it; for the others the send's
     * exception ends the run.
     */
    record Failed(ProbeId id, long sentAt, Request.Purpose purpose, String error) implements Event {}
}
