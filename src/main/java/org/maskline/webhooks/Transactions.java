package org.maskline.webhooks;

import java.sql.Connection;
import java.sql.SQLException;

/** The store's transaction boundary, as the outbox's dispatcher and its API need it. */
public interface Transactions {
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    <T> T inTransaction(Work<T> work);

    /** Runs read-only work in auto-commit mode. */
    <T> T read(Work<T> work);
}
