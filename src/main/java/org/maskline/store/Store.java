package org.maskline.store;

import java.time.Clock;
import java.time.Duration;
import org.maskline.config.Config;
import org.maskline.sessions.RouteLookup;

/**
 * The database: opens the pool, applies migrations, and hands out the repositories. Close it last.
 *
 * <pre>{@code
 * Store store = Store.open(config);
 * store.startSweeper(config.database().sweepInterval());
 * RouteLookup routes = store.routes();  CallLog log = store.calls();
 * }</pre>
 */
public final class Store implements AutoCloseable, org.maskline.webhooks.Transactions {
    private final Database db;
    private final SessionRepository sessions;
    private final NumberRepository numbers;
    private final CallRepository calls;
    private final RouteLookup routes;
    private final SessionSweeper sweeper;
    private final LeaseRepository leases;
    private final RecordingRepository recordings;
    private final TranscriptRepository transcripts;
    private final MessageRepository messages;
    private final AvailabilityRepository availability;
    private final CallbackRepository callbacks;

    private Store(Database db, StoreSettings settings, Clock clock) {
        this.db = db;
        this.sessions = new SessionRepository(db, clock);
        this.numbers = new NumberRepository(db, clock);
        this.calls = new CallRepository(db);
        this.routes = new StoredRouteLookup(db, clock);
        this.leases = new LeaseRepository(db);
        this.recordings = new RecordingRepository(db);
        this.transcripts = new TranscriptRepository(db);
        this.availability = new AvailabilityRepository(db, clock);
        this.callbacks = new CallbackRepository(db, clock);
        this.messages = new MessageRepository(db);
        this.sweeper = new SessionSweeper(sessions, calls, messages, settings.retention(), clock);
    }

    /** Opens the database named by the configuration, on the system clock. */
    public static Store open(Config config) {
        var db = config.database();
        return open(new StoreSettings(db.url(), db.user(), db.password(), db.poolSize(), db.retention()), Clock.systemUTC());
    }

    /**
     * @throws org.maskline.sessions.StoreUnavailableException when the database cannot be reached or migrated
     */
    public static Store open(StoreSettings settings, Clock clock) {
        return new Store(Database.open(settings), settings, clock);
    }

    public SessionRepository sessions() {
        return sessions;
    }

    public NumberRepository numbers() {
        return numbers;
    }

    /** The call log; also the {@link CallLog} for the call flow. */
    public CallRepository calls() {
        return calls;
    }

    /** The message log (issue 13). */
    public MessageRepository messages() {
        return messages;
    }

    public RouteLookup routes() {
        return routes;
    }

    /** The ARI application's lease (active/standby; used on PostgreSQL). */
    public LeaseRepository leases() {
        return leases;
    }

    /** Recordings of calls and the QA flags a call row shows (issue 15). */
    public RecordingRepository recordings() {
        return recordings;
    }

    /** The transcription queue and its results (issue 15). */
    public TranscriptRepository transcripts() {
        return transcripts;
    }

    /** Participants' availability (issue 14: a driver off shift). */
    public AvailabilityRepository availability() {
        return availability;
    }

    /** Callback requests (issue 14), durable across restarts. */
    public CallbackRepository callbacks() {
        return callbacks;
    }

    /**
     * The database itself, for a domain package that keeps tables of its own next to the core ones
     * (issue 17: the Twilio sid tables) and must change both in one transaction.
     */
    public Database database() {
        return db;
    }

    public SessionSweeper sweeper() {
        return sweeper;
    }

    /** Runs the sweeper every interval on a daemon thread until {@link #close()}. */
    public void startSweeper(Duration interval) {
        sweeper.start(interval);
    }

    /** True when a connection can be had and answers. */
    public boolean isReachable() {
        return db.isReachable();
    }

    public boolean isPostgres() {
        return db.vendor() == Database.Vendor.POSTGRESQL;
    }

    /** A transaction for code outside the store that writes with it (the webhook outbox's dispatcher and API). */
    @Override
    public <T> T inTransaction(org.maskline.webhooks.Transactions.Work<T> work) {
        return db.transaction(work::run);
    }

    @Override
    public <T> T read(org.maskline.webhooks.Transactions.Work<T> work) {
        return db.read(work::run);
    }

    @Override
    public void close() {
        sweeper.close();
        db.close();
    }
}
