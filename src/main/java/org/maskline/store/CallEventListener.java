package org.maskline.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Rows another package writes in the transaction of a call-log change, next to the webhook event of that
 * change (issue 17: Twilio's interaction and out-of-session callbacks go to the outbox this way), so they
 * exist exactly when the change does.
 */
@FunctionalInterface
public interface CallEventListener {
    /**
     * @param type {@code call.started}, {@code call.answered} or {@code call.completed}
     * @param call the call's row as this transaction leaves it
     */
    void changed(Connection c, String type, CallRecord call, Instant at) throws SQLException;
}
