package org.maskline.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.maskline.sessions.StoreUnavailableException;

/** The connection pool, migrated at open, and the transaction boundary every repository goes through. */
final class Database implements AutoCloseable {
    enum Vendor { H2, POSTGRESQL }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final HikariDataSource pool;
    private final Vendor vendor;

    private Database(HikariDataSource pool, Vendor vendor) {
        this.pool = pool;
        this.vendor = vendor;
    }

    static Database open(StoreSettings settings) {
        Vendor vendor = vendorOf(settings.jdbcUrl());
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("maskline-db");
        hc.setJdbcUrl(settings.jdbcUrl());
        if (settings.user() != null && !settings.user().isEmpty()) {
            hc.setUsername(settings.user());
        }
        if (settings.password() != null && !settings.password().isEmpty()) {
            hc.setPassword(settings.password());
        }
        hc.setMaximumPoolSize(settings.poolSize());
        if (vendor == Vendor.H2) {
            // H2 parses again any statement beyond its per-connection cache (8 by default); a session
            // creation alone uses more than that.
            hc.addDataSourceProperty("QUERY_CACHE_SIZE", "64");
        }
        // A call waits on this when the database is down: fail it fast rather than leave the caller in silence.
        hc.setConnectionTimeout(3000);
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("cannot connect to the database: " + rootMessage(e), e);
        }
        try {
            migrate(ds);
        } catch (RuntimeException e) {
            ds.close();
            throw new StoreUnavailableException("cannot migrate the database schema: " + rootMessage(e), e);
        }
        return new Database(ds, vendor);
    }

    private static void migrate(DataSource ds) {
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    static Vendor vendorOf(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return Vendor.H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return Vendor.POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported JDBC URL (use jdbc:h2: or jdbc:postgresql:)");
    }

    Vendor vendor() {
        return vendor;
    }

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    <T> T transaction(Work<T> work) {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Runs read-only work on a connection in auto-commit mode. */
    <T> T read(Work<T> work) {
        try (Connection c = connection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    private Connection connection() throws SQLException {
        return pool.getConnection();
    }

    private static RuntimeException translate(SQLException e) {
        if (Jdbc.isTransient(e) || Jdbc.isUniqueViolation(e)) {
            return new TransientConflict(e.getMessage(), e);
        }
        return new StoreUnavailableException("database error: " + e.getMessage(), e);
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    boolean isReachable() {
        try (Connection c = connection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
