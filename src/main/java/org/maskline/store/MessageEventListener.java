package org.maskline.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Rows another package writes in the transaction that logs a text message, next to its webhook event
 * (issue 17: Twilio's callback_url for message interactions). Not called for rate-limited refusals.
 */
@FunctionalInterface
public interface MessageEventListener {
    void added(Connection c, MessageRecord message) throws SQLException;
}
