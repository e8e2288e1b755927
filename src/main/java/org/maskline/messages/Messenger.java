package org.maskline.messages;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.maskline.ari.AriException;
import org.maskline.calls.RouteDecision;
import org.maskline.calls.SlidingMinuteLimiter;
import org.maskline.calls.Sanitizer;
import org.maskline.config.MessageConfig;
import org.maskline.sessions.ConflictException;
import org.maskline.sessions.InvalidRequestException;
import org.maskline.sessions.Participant;
import org.maskline.sessions.PhoneNumbers;
import org.maskline.sessions.RouteLookup;
import org.maskline.sessions.Session;
import org.maskline.sessions.SessionStatus;
import org.maskline.store.MessageDirection;
import org.maskline.store.MessageRecord;
import org.maskline.store.MessageRepository;
import org.maskline.store.MessageStatus;
import org.maskline.store.SessionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes, sends and logs text messages: the carrier's (one at a time per sender, from
 * {@link MessageRelay}) and the operator's ({@link #sendInto}). Fails closed like a call: a message
 * nobody can be sure of is forwarded to nobody. Blocking; runs on virtual threads or API workers.
 */
public final class Messenger {
    private static final Logger log = LoggerFactory.getLogger(Messenger.class);
    /** How long Asterisk may take to accept an outgoing MESSAGE (it answers once the request is on the wire). */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);
    /** Message-log writes that fail for an outage are tried this many times, a short pause apart. */
    static final int LOG_ATTEMPTS = 3;

    private final TextPort port;
    private final RouteDecision decision;
    private final SessionRepository sessions;
    private final MessageRepository messages;
    private final MessageConfig config;
    private final String defaultCountry;
    /** Senders the rate limit remembers at once (see {@link SlidingMinuteLimiter}). */
    static final int LIMITED_SENDERS = 100_000;
    private final SlidingMinuteLimiter limiter;
    private final Clock clock;

    public Messenger(TextPort port, RouteLookup routes, SessionRepository sessions, MessageRepository messages,
                     MessageConfig config, String defaultCountry, Clock clock) {
        this.port = port;
        this.decision = new RouteDecision(routes, defaultCountry);
        this.sessions = sessions;
        this.messages = messages;
        this.config = config;
        this.defaultCountry = defaultCountry;
        this.limiter = new SlidingMinuteLimiter(config.perMinute(), LIMITED_SENDERS, clock);
        this.clock = clock;
    }

    /** Why a carrier's message was not forwarded: the {@code reason} of its row. */
    static final String RATE_LIMITED = "rate_limited";
    static final String TOO_LARGE = "body_too_large";
    static final String EMPTY = "body_empty";
    static final String MODE = "mode_forbids_messages";
    static final String UNKNOWN = "unknown_sender";
    static final String CLOSED = "session_closed";
    static final String EXPIRED = "session_expired";
    static final String UNREADABLE = "unreadable_number";
    static final String STORE_DOWN = "store_unavailable";

    /** Relays one of the carrier's messages; returns its row as written. */
    MessageRecord relay(InboundText in) {
        Optional<String> sender = normalized(in.sender());
        String from = sender.orElse(Sanitizer.number(in.sender()));
        Optional<String> dialedE164 = normalized(in.dialed());
        String dialed = dialedE164.orElse(Sanitizer.number(in.dialed()));
        int length = MessageBody.bytes(in.body());
        if (!limiter.tryAcquire(from)) {
            // No reply: answering a flood would double it.
            return record(MessageDirection.INBOUND, null, from, null, dialed, MessageStatus.REJECTED, RATE_LIMITED, in.body(), length);
        }
        RouteDecision.Decision d = decision.decide(in.sender(), in.dialed(), RouteDecision.Use.MESSAGE);
        return switch (d) {
            case RouteDecision.StoreDown down -> {
                log.warn("message from {} to {} rejected: the store cannot answer ({})", Sanitizer.forLog(from),
                        Sanitizer.forLog(dialed), Sanitizer.text(down.why(), 200));
                yield record(MessageDirection.INBOUND, null, from, null, dialed, MessageStatus.REJECTED, STORE_DOWN, in.body(), length);
            }
            case RouteDecision.Refused refused -> // the backend's call hooks are not asked about messages
                    record(MessageDirection.INBOUND, null, from, null, dialed, MessageStatus.REJECTED, UNKNOWN, in.body(), length);
            case RouteDecision.Detour detour -> // the voice menu is for calls; decide() never detours a message
                    record(MessageDirection.INBOUND, null, from, null, dialed, MessageStatus.REJECTED, UNKNOWN, in.body(), length);
            case RouteDecision.Unroutable u -> {
                String reason = reasonFor(u, sender, dialedE164);
                log.info("message from {} to {} rejected: {}", Sanitizer.forLog(from), Sanitizer.forLog(dialed), reason);
                if (u.dialedIsServiceNumber() && sender.isPresent()) reply(sender.get(), dialedE164.orElseThrow());
                yield record(MessageDirection.INBOUND, null, from, null, dialed, MessageStatus.REJECTED, reason, in.body(), length);
            }
            case RouteDecision.Routed r -> {
                if (!MessageBody.fits(in.body())) {
                    // Refused whole, never cut or forwarded empty (MessageBody). Asterisk empties what it cannot carry.
                    String reason = in.truncatedByAsterisk() || length > 0 ? TOO_LARGE : EMPTY;
                    int declared = in.truncatedByAsterisk() ? in.declaredLength() : length;
                    log.info("message from {} to {} rejected: {} ({} bytes)", Sanitizer.forLog(from), Sanitizer.forLog(dialed),
                            reason, declared);
                    reply(r.route().callerNumber(), r.route().callerProxy());
                    yield record(MessageDirection.INBOUND, r.route().sessionId(), from, null, dialed, MessageStatus.REJECTED,
                            reason, in.body(), declared);
                }
                Optional<String> failure = send(r.route().calleeNumber(), r.route().calleeProxy(), in.body());
                if (failure.isEmpty()) MessageMetrics.RELAY.observe((System.nanoTime() - in.receivedAt()) / 1e9);
                log.info("message from {} on {} {} to {} as {}{}", Sanitizer.forLog(from), dialed,
                        failure.isEmpty() ? "sent" : "failed", PhoneNumbers.mask(r.route().calleeNumber()),
                        r.route().calleeProxy(), failure.map(f -> " (" + f + ")").orElse(""));
                yield record(MessageDirection.INBOUND, r.route().sessionId(), from, r.route().calleeNumber(), dialed,
                        failure.isEmpty() ? MessageStatus.SENT : MessageStatus.FAILED, failure.orElse(null), in.body(), length);
            }
        };
    }

    /** The outcome of a send from the API: its row, and whether Asterisk could be reached at all. */
    public record ApiSend(MessageRecord record, boolean asteriskUnavailable) {}

    /**
     * Sends a message from the operator into a session: to one participant, shown as coming from that
     * participant's proxy number (the number they know the other party by).
     *
     * @param to the participant's label or number
     * @throws InvalidRequestException when {@code to} names nobody in the session, or the body breaks the size rule
     * @throws ConflictException       when the session is not open or its mode forbids messages
     */
    public ApiSend sendInto(Session session, String to, String body) {
        if (body == null || !MessageBody.fits(body)) {
            throw new InvalidRequestException("body", "must be 1 to " + MessageConfig.MAX_BODY_BYTES
                    + " bytes of UTF-8 (the most Asterisk carries in one message; split longer texts), got "
                    + MessageBody.bytes(body));
        }
        Participant recipient = recipient(session, to);
        if (session.status() != SessionStatus.OPEN) {
            throw new ConflictException("session " + session.id() + " is " + session.status().code() + ", not open");
        }
        if (!session.mode().allowsMessages()) {
            throw new ConflictException("session " + session.id() + " has mode " + session.mode().code() + ": no messages");
        }
        int length = MessageBody.bytes(body);
        String shownAs = recipient.proxyNumber();
        if (!port.isConnected()) {
            MessageRecord r = record(MessageDirection.API, session.id(), shownAs, recipient.number(), shownAs,
                    MessageStatus.FAILED, "asterisk_unavailable", body, length);
            return new ApiSend(r, true);
        }
        Optional<String> failure = send(recipient.number(), shownAs, body);
        log.info("message from the API into session {} {} to {} as {}{}", session.id(), failure.isEmpty() ? "sent" : "failed",
                PhoneNumbers.mask(recipient.number()), shownAs, failure.map(f -> " (" + f + ")").orElse(""));
        MessageRecord r = record(MessageDirection.API, session.id(), shownAs, recipient.number(), shownAs,
                failure.isEmpty() ? MessageStatus.SENT : MessageStatus.FAILED, failure.orElse(null), body, length);
        return new ApiSend(r, failure.filter("asterisk_unavailable"::equals).isPresent());
    }

    private Participant recipient(Session session, String to) {
        if (to == null || to.isBlank()) throw new InvalidRequestException("to", "is required: a participant's label or number");
        for (Participant p : session.participants()) {
            if (to.equals(p.label())) return p;
        }
        Optional<String> number = normalized(to);
        for (Participant p : session.participants()) {
            if (number.isPresent() && number.get().equals(p.number())) return p;
        }
        throw new InvalidRequestException("to", "names no participant of session " + session.id()
                + " (give a participant's label or number)");
    }

    /** Sends one MESSAGE; empty when Asterisk accepted it, else the reason it did not. */
    private Optional<String> send(String toNumber, String fromNumber, String body) {
        try {
            port.send(toNumber, fromNumber, body).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            Throwable t = AriException.unwrap(e.getCause());
            if (t instanceof AriException.Unavailable) return Optional.of("asterisk_unavailable");
            if (t instanceof AriException a) {
                // Asterisk refused to build or send it (an unknown endpoint, no contact): its HTTP code,
                // never the far end's answer, which Asterisk does not report.
                return Optional.of(Sanitizer.text("asterisk_" + a.status() + ": " + String.valueOf(a.getMessage()), 64));
            }
            return Optional.of("asterisk_unavailable");
        } catch (TimeoutException e) {
            return Optional.of("asterisk_timeout");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** The configured reply to a refused sender, from the number they wrote to; best effort, never logged as a message. */
    private void reply(String senderE164, String serviceNumber) {
        config.unroutableReply().ifPresent(text -> {
            Optional<String> failure = send(senderE164, serviceNumber, text);
            failure.ifPresent(f -> log.info("refusal reply to {} not sent: {}", Sanitizer.forLog(senderE164), f));
        });
    }

    private String reasonFor(RouteDecision.Unroutable u, Optional<String> sender, Optional<String> dialed) {
        if (RouteDecision.MODE_FORBIDS.equals(u.why())) return MODE;
        if (sender.isEmpty() || dialed.isEmpty()) return UNREADABLE;
        try {
            return sessions.latestStatus(sender.get(), dialed.get()).map(s -> switch (s) {
                case CLOSED -> CLOSED;
                case EXPIRED -> EXPIRED;
                case OPEN -> UNKNOWN;
            }).orElse(UNKNOWN);
        } catch (RuntimeException e) {
            return UNKNOWN; // the reason is for the log only; the message is refused either way
        }
    }

    private MessageRecord record(MessageDirection direction, String sessionId, String from, String to, String proxy,
                                 MessageStatus status, String reason, String body, int length) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        MessageRecord r = new MessageRecord(UUID.randomUUID().toString(), sessionId, from, to, proxy, direction, status,
                reason, now, length, config.storeBodies() ? body : null);
        MessageMetrics.MESSAGES.labelValues(status.code(), direction.code()).inc();
        write(r);
        return r;
    }

    private void write(MessageRecord r) {
        for (int attempt = 1; ; attempt++) {
            try {
                messages.add(r);
                return;
            } catch (RuntimeException e) {
                if (attempt >= LOG_ATTEMPTS) {
                    MessageMetrics.LOG_FAILURES.inc();
                    log.error("message {} ({} {}) not written to the message log: {}", r.id(), r.direction().code(),
                            r.status().code(), Sanitizer.text(String.valueOf(e.getMessage()), 200));
                    return;
                }
                try {
                    Thread.sleep(200L * attempt); // backing off a failing database, not synchronizing
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private Optional<String> normalized(String raw) {
        try {
            return Optional.of(PhoneNumbers.normalize(raw, defaultCountry));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
