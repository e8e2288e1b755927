package org.maskline.callbacks;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.maskline.store.Page;
import org.maskline.store.PageKey;

/**
 * Where callback requests live (the database): every change is one conditional statement, so several
 * instances, or a restarted one, never place the same attempt twice.
 */
public interface CallbackStore {
    /**
     * Stores a request. A request for the same requester and target that is still pending or calling
     * is that request: it is returned, not doubled.
     */
    Callback request(NewCallback request);

    Optional<Callback> find(String id);

    /** Newest first, by (createdAt, id); status empty for all. */
    Page<Callback> page(Optional<CallbackStatus> status, int limit, Optional<PageKey> after);

    /**
     * Cancels a pending or calling request (an attempt in progress is not cut; its result is ignored).
     *
     * @return the request as it is now; empty when there is none
     */
    Optional<Callback> cancel(String id);

    /**
     * Expires pending requests past their TTL, and settles attempts whose claim ran out (their instance
     * died mid-call): completed when the call log shows the target answered, else pending again, or
     * failed when no attempt is left.
     *
     * @return how many rows changed
     */
    int sweep(Instant now, int maxAttempts);

    /** Pending requests due at {@code now} whose target is available, oldest first. */
    List<Callback> due(Instant now, int limit);

    /**
     * Takes a pending request for one attempt: it becomes calling, claimed by {@code instance} until
     * {@code claimUntil}, and its attempts grow by one. False when another instance (or a cancel) was first.
     */
    boolean claim(String id, String instance, Instant claimUntil, String callId);

    /** Extends the claims of this instance's attempts in progress (a callback call may talk for hours). */
    void renew(String instance, java.util.Collection<String> ids, Instant claimUntil);

    /**
     * Records an attempt's end. Connected: completed. Otherwise pending again at {@code retryAt}, or
     * failed when {@code maxAttempts} are used (or expired past its TTL). A request no longer calling
     * (canceled meanwhile) is left as it is.
     */
    Optional<Callback> attemptEnded(String id, boolean connected, int maxAttempts, Instant retryAt);
}
