package org.maskline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.maskline.sessions.Allocation;
import org.maskline.sessions.ConflictException;
import org.maskline.sessions.InvalidRequestException;
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.NewSession;
import org.maskline.sessions.NumberInUseException;
import org.maskline.sessions.Participant;
import org.maskline.sessions.PoolExhaustedException;
import org.maskline.sessions.ProxyChooser;
import org.maskline.sessions.Session;
import org.maskline.sessions.SessionMode;
import org.maskline.sessions.SessionStatus;
import org.maskline.sessions.StoreUnavailableException;

/** Sessions: creation with proxy allocation, look-ups, extension, closing, expiry and purge. */
public final class SessionRepository {
    /** Lost races are retried from the start; each round has a winner, so this covers heavy contention. */
    static final int MAX_ATTEMPTS = 64;
    /** Look-ups return the most recent sessions first, at most this many. */
    public static final int MAX_RESULTS = 500;

    private static final String COLUMNS =
            "id, status, reference, created_at, expires_at, number_a, label_a, proxy_a, number_b, label_b, proxy_b,"
            + " recontact_seconds, mode, record";

    private final Database db;
    private final Clock clock;

    SessionRepository(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Opens a session and gives each participant a proxy number, all in one transaction.
     *
     * @throws PoolExhaustedException when a participant already uses every active pool number
     * @throws ConflictException      when the reference belongs to another open session
     * @throws NumberInUseException   when a participant's number is a pool number
     */
    public Session create(NewSession request) {
        return create(request, Allocation.DEFAULT);
    }

    /**
     * As {@link #create(NewSession)}, allocating from the allocation's pool (issue 17: a Twilio service is
     * a pool with defaults). A pinned proxy that is not a number of that pool, not active, or already the
     * participant's proxy in another open session is refused: nobody gets a number they did not ask for.
     *
     * @throws InvalidRequestException when a pinned proxy is not an active number of the pool
     * @throws ConflictException       when a pinned proxy is already that participant's proxy in an open session
     */
    public Session create(NewSession request, Allocation allocation) {
        return create(request, allocation, (c, s) -> {});
    }

    /** Rows another package writes in the transaction that creates a session, so both exist or neither. */
    @FunctionalInterface
    public interface Alongside {
        void write(Connection c, Session created) throws SQLException;
    }

    /** As {@link #create(NewSession, Allocation)}, writing {@code alongside} in the same transaction (retried with it). */
    public Session create(NewSession request, Allocation allocation, Alongside alongside) {
        for (int attempt = 0; ; attempt++) {
            boolean retry = attempt > 0;
            try {
                return db.transaction(c -> {
                    Session s = createOnce(c, request, allocation, retry);
                    alongside.write(c, s);
                    return s;
                });
            } catch (TransientConflict e) {
                if (attempt + 1 >= MAX_ATTEMPTS) {
                    // The database answers; other requests keep winning the same numbers. Say so (409),
                    // not "database unavailable".
                    throw new ConflictException("session not created: concurrent changes to the same numbers won "
                            + MAX_ATTEMPTS + " times in a row; retry");
                }
                // Jittered pause so that the racers do not collide again in lockstep.
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(50_000, 200_000L * Math.min(attempt + 1, 10)));
            }
        }
    }

    private Session createOnce(Connection c, NewSession req, Allocation alloc, boolean retry) throws SQLException {
        Instant now = now();
        NewParticipant a = req.first();
        NewParticipant b = req.second();
        // One read gives both the keys that block this creation and those that are due to expire.
        Map<String, Set<String>> taken = new HashMap<>();
        List<String> due = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT participant_number, proxy_number, session_id, expires_at"
                + " FROM routing_keys WHERE participant_number IN (?, ?)")) {
            ps.setString(1, a.number());
            ps.setString(2, b.number());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (Jdbc.instant(rs, "expires_at").isAfter(now)) {
                        taken.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                    } else if (!due.contains(rs.getString(3))) {
                        due.add(rs.getString(3));
                    }
                }
            }
        }
        if (req.reference() != null) {
            try (PreparedStatement ps = c.prepareStatement("SELECT r.session_id FROM open_references r"
                    + " JOIN sessions s ON s.id = r.session_id WHERE r.reference = ? AND s.expires_at <= ?")) {
                ps.setString(1, req.reference());
                Jdbc.set(ps, 2, now);
                due.addAll(SessionEnding.ids(ps));
            }
        }
        SessionEnding.expireAll(c, due, now);

        List<ProxyChooser.Candidate> active = new ArrayList<>();
        Set<String> pinnable = new HashSet<>(); // active numbers of this pool, reserved ones included
        try (PreparedStatement ps = c.prepareStatement("SELECT number, status, open_keys, pool, reserved FROM pool_numbers");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String number = rs.getString(1);
                if (number.equals(a.number()) || number.equals(b.number())) {
                    throw new NumberInUseException("participant number " + number + " is a pool number");
                }
                if ("active".equals(rs.getString(2)) && Objects.equals(alloc.pool(), rs.getString(4))) {
                    pinnable.add(number);
                    if (!rs.getBoolean(5)) {
                        active.add(new ProxyChooser.Candidate(number, rs.getLong(3)));
                    }
                }
            }
        }

        Map<String, String> sticky = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT number_a, proxy_a, number_b, proxy_b FROM sessions WHERE pair_key = ? ORDER BY created_at DESC LIMIT 1")) {
            ps.setString(1, pairKey(a.number(), b.number()));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    sticky.put(rs.getString(1), rs.getString(2));
                    sticky.put(rs.getString(3), rs.getString(4));
                }
            }
        }

        String proxyA = alloc.firstProxy() != null ? pinned(alloc.firstProxy(), pinnable, taken, a.number(), 0)
                : choose(active, taken, sticky, a.number(), 0, alloc.stickiness(), retry);
        String proxyB = alloc.secondProxy() != null ? pinned(alloc.secondProxy(), pinnable, taken, b.number(), 1)
                : choose(active, taken, sticky, b.number(), 1, alloc.stickiness(), retry);

        // The pool rows first, in number order: a retirement locks the same row before deleting it, so
        // the two queue on it instead of deadlocking (our key inserts would otherwise hold the row's
        // key-share lock while waiting for the retirement's update, and the retirement for ours).
        Map<String, Integer> load = new TreeMap<>();
        load.merge(proxyA, 1, Integer::sum);
        load.merge(proxyB, 1, Integer::sum);
        for (Map.Entry<String, Integer> e : load.entrySet()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE pool_numbers SET open_keys = open_keys + ? WHERE number = ? AND status = 'active'")) {
                ps.setInt(1, e.getValue());
                ps.setString(2, e.getKey());
                if (ps.executeUpdate() == 0) {
                    throw new TransientConflict("pool number " + e.getKey() + " was retired meanwhile", null);
                }
            }
        }

        String id = UUID.randomUUID().toString();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions (id, status, reference, created_at, expires_at,"
                + " pair_key, number_a, label_a, proxy_a, number_b, label_b, proxy_b, recontact_seconds, mode, record)"
                + " VALUES (?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, req.reference());
            Jdbc.set(ps, 3, now);
            Jdbc.set(ps, 4, req.expiresAt());
            ps.setString(5, pairKey(a.number(), b.number()));
            ps.setString(6, a.number());
            ps.setString(7, a.label());
            ps.setString(8, proxyA);
            ps.setString(9, b.number());
            ps.setString(10, b.label());
            ps.setString(11, proxyB);
            ps.setInt(12, req.recontactSeconds());
            ps.setString(13, req.mode().code());
            ps.setBoolean(14, req.record());
            ps.executeUpdate();
        }

        if (req.reference() != null) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO open_references (reference, session_id) VALUES (?, ?)")) {
                ps.setString(1, req.reference());
                ps.setString(2, id);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (Jdbc.isUniqueViolation(e)) {
                    // Quoted back capped: the message goes to the client, and a reference may be 200 characters.
                    String ref = req.reference().length() > 64 ? req.reference().substring(0, 64) + "..." : req.reference();
                    throw new ConflictException("reference '" + ref + "' belongs to another open session");
                }
                throw e;
            }
        }

        // Sorted by key so that two creations for the same participants take the key locks in one order.
        TreeMap<String, String[]> keys = new TreeMap<>();
        keys.put(a.number() + "|" + proxyA, new String[] {a.number(), proxyA, b.number(), proxyB});
        keys.put(b.number() + "|" + proxyB, new String[] {b.number(), proxyB, a.number(), proxyA});
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO routing_keys (participant_number, proxy_number,"
                + " session_id, counterpart_number, counterpart_proxy, expires_at, mode) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (String[] k : keys.values()) {
                ps.setString(1, k[0]);
                ps.setString(2, k[1]);
                ps.setString(3, id);
                ps.setString(4, k[2]);
                ps.setString(5, k[3]);
                Jdbc.set(ps, 6, req.expiresAt());
                ps.setString(7, req.mode().code());
                // The primary key is the arbiter between concurrent creations: a duplicate means
                // another transaction took this proxy for this participant first.
                try {
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if (isForeignKeyViolation(e)) {
                        // The chosen number was retired and removed since we read the pool: a lost race,
                        // not a broken database. The next attempt reads the pool again.
                        throw new TransientConflict("pool number " + k[1] + " was removed meanwhile", e);
                    }
                    throw e;
                }
            }
        }

        Session opened = new Session(id, SessionStatus.OPEN, req.reference(), now, req.expiresAt(), List.of(
                new Participant(a.number(), a.label(), proxyA),
                new Participant(b.number(), b.label(), proxyB)), req.recontactSeconds(), req.mode(), req.record());
        LifecycleEvents.opened(c, opened); // webhooks (issue 16): in this transaction, so it exists exactly when the session does
        return opened;
    }

    /** A proxy the participant asked for: only an active number of the pool that is free for them. */
    private static String pinned(String proxy, Set<String> pinnable, Map<String, Set<String>> taken, String number, int index) {
        if (!pinnable.contains(proxy)) {
            throw new InvalidRequestException("participants[" + index + "].proxy", proxy + " is not an active number of this pool");
        }
        if (taken.getOrDefault(number, Set.of()).contains(proxy)) {
            throw new ConflictException("participants[" + index + "] already has " + proxy + " as proxy in another open session");
        }
        return proxy;
    }

    private static String choose(List<ProxyChooser.Candidate> active, Map<String, Set<String>> taken,
                                 Map<String, String> sticky, String number, int index, Allocation.Stickiness stickiness,
                                 boolean retry) {
        Set<String> mine = taken.getOrDefault(number, Set.of());
        return ProxyChooser.choose(active, mine, Optional.ofNullable(sticky.get(number)), stickiness, retry, ThreadLocalRandom.current())
                .orElseThrow(() -> new PoolExhaustedException(active.isEmpty()
                        ? "the pool has no active number"
                        : "participants[" + index + "] is already in " + mine.size()
                        + " open sessions and the pool has " + active.size() + " active numbers"));
    }

    /** 23503 (PostgreSQL, H2 child side) and 23506 (H2: parent missing). */
    private static boolean isForeignKeyViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if ("23503".equals(x.getSQLState()) || "23506".equals(x.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    static String pairKey(String x, String y) {
        return x.compareTo(y) < 0 ? x + "|" + y : y + "|" + x;
    }

    public Optional<Session> find(String id) {
        Instant now = now();
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sessions WHERE id = ?")) {
                ps.setString(1, id);
                List<Session> found = sessions(ps, now);
                return found.stream().findFirst();
            }
        });
    }

    /** Sessions with this reference, newest first; status empty for all. */
    public List<Session> findByReference(String reference, Optional<SessionStatus> status) {
        Instant now = now();
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sessions WHERE reference = ?"
                    + statusFilter(status) + " ORDER BY created_at DESC LIMIT " + MAX_RESULTS)) {
                ps.setString(1, reference);
                bindStatus(ps, 2, status, now);
                return sessions(ps, now);
            }
        });
    }

    /** Sessions in which this real number takes part, newest first; status empty for all. */
    public List<Session> findByParticipant(String number, Optional<SessionStatus> status) {
        Instant now = now();
        return db.read(c -> {
            List<Session> all = new ArrayList<>();
            for (String column : new String[] {"number_a", "number_b"}) {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sessions WHERE " + column + " = ?"
                        + statusFilter(status) + " ORDER BY created_at DESC LIMIT " + MAX_RESULTS)) {
                    ps.setString(1, number);
                    bindStatus(ps, 2, status, now);
                    all.addAll(sessions(ps, now));
                }
            }
            all.sort((x, y) -> y.createdAt().compareTo(x.createdAt()));
            return all.size() > MAX_RESULTS ? List.copyOf(all.subList(0, MAX_RESULTS)) : all;
        });
    }

    /**
     * What {@link #page} lists; each part is optional (all empty: every session).
     *
     * @param participant a normalized real number, in either position
     */
    public record Query(Optional<String> reference, Optional<String> participant, Optional<SessionStatus> status) {
        public static Query all() {
            return new Query(Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * One page of sessions, newest first by (created_at, id).
     *
     * @param after where the previous page ended; empty for the first page
     */
    public Page<Session> page(Query query, int limit, Optional<PageKey> after) {
        Page.check(limit);
        Instant now = now();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM sessions WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        query.reference().ifPresent(r -> {
            sql.append(" AND reference = ?");
            args.add(r);
        });
        query.participant().ifPresent(n -> {
            sql.append(" AND (number_a = ? OR number_b = ?)");
            args.add(n);
            args.add(n);
        });
        sql.append(statusFilter(query.status()));
        if (query.status().isPresent() && query.status().get() != SessionStatus.CLOSED) {
            args.add(now);
        }
        NewestFirst.finish(sql, args, "created_at", after, limit);
        List<Session> rows = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                Jdbc.bind(ps, args);
                return sessions(ps, now);
            }
        });
        return Page.of(rows, limit, s -> new PageKey(s.createdAt(), s.id()));
    }

    private static String statusFilter(Optional<SessionStatus> status) {
        return status.map(s -> switch (s) {
            case OPEN -> " AND status = 'open' AND expires_at > ?";
            case EXPIRED -> " AND (status = 'expired' OR (status = 'open' AND expires_at <= ?))";
            case CLOSED -> " AND status = 'closed'";
        }).orElse("");
    }

    private static void bindStatus(PreparedStatement ps, int index, Optional<SessionStatus> status, Instant now) throws SQLException {
        if (status.isPresent() && status.get() != SessionStatus.CLOSED) {
            Jdbc.set(ps, index, now);
        }
    }

    /**
     * Moves an open session's expiry.
     *
     * @return empty when there is no such session
     * @throws ConflictException when the session is not open (closed, or already expired)
     */
    public Optional<Session> extend(String id, Instant expiresAt) {
        Instant now = now();
        boolean changed = retrying(() -> db.transaction(c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE sessions SET expires_at = ? WHERE id = ? AND status = 'open' AND expires_at > ?")) {
                Jdbc.set(ps, 1, expiresAt);
                ps.setString(2, id);
                Jdbc.set(ps, 3, now);
                n = ps.executeUpdate();
            }
            if (n == 1) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE routing_keys SET expires_at = ? WHERE session_id = ?")) {
                    Jdbc.set(ps, 1, expiresAt);
                    ps.setString(2, id);
                    ps.executeUpdate();
                }
            }
            return n == 1;
        }));
        Optional<Session> session = find(id);
        if (!changed && session.isPresent()) {
            throw new ConflictException("session " + id + " is " + session.get().status().code() + ", not open");
        }
        return session;
    }

    /** Closes a session; idempotent. @return the session as it is now, empty when there is no such session */
    public Optional<Session> close(String id) {
        Instant now = now();
        retrying(() -> db.transaction(c -> SessionEnding.close(c, id, now) || SessionEnding.expire(c, id, now)));
        return find(id);
    }

    /** Marks up to {@code limit} open sessions whose expiry has passed as expired. @return how many */
    public int expireDue(int limit) {
        Instant now = now();
        List<String> due = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM sessions WHERE status = 'open' AND expires_at <= ? ORDER BY expires_at LIMIT " + limit)) {
                Jdbc.set(ps, 1, now);
                return SessionEnding.ids(ps);
            }
        });
        int n = 0;
        for (String id : due) {
            if (retrying(() -> db.transaction(c -> SessionEnding.expire(c, id, now)))) {
                n++;
            }
        }
        return n;
    }

    /** Deletes up to {@code batch} sessions that ended before the cutoff, oldest first, in one short transaction. @return how many */
    public int purgeEndedBefore(Instant cutoff, int batch) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sessions WHERE id IN (SELECT id FROM sessions"
                    + " WHERE status <> 'open' AND ended_at < ? ORDER BY ended_at LIMIT " + batch + ")")) {
                Jdbc.set(ps, 1, cutoff);
                return ps.executeUpdate();
            }
        });
    }

    private static <T> T retrying(java.util.function.Supplier<T> tx) {
        for (int attempt = 0; ; attempt++) {
            try {
                return tx.get();
            } catch (TransientConflict e) {
                if (attempt + 1 >= MAX_ATTEMPTS) {
                    throw new ConflictException("concurrent changes to the same session won " + MAX_ATTEMPTS + " times in a row; retry");
                }
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(50_000, 500_000));
            }
        }
    }

    // ---- issue 13 (messages): why a sender found no route --------------------------------------

    /**
     * The effective status of the newest session in which {@code number} took part with proxy
     * {@code proxy}; empty when there never was one. Only read when routing has already failed, to
     * tell "closed" and "expired" from "unknown" in the message log.
     */
    public Optional<SessionStatus> latestStatus(String number, String proxy) {
        Instant now = now();
        return db.read(c -> {
            List<Session> found = new ArrayList<>();
            for (String side : new String[] {"a", "b"}) {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sessions WHERE number_" + side
                        + " = ? AND proxy_" + side + " = ? ORDER BY created_at DESC LIMIT 1")) {
                    ps.setString(1, number);
                    ps.setString(2, proxy);
                    found.addAll(sessions(ps, now));
                }
            }
            return found.stream().max(java.util.Comparator.comparing(Session::createdAt)).map(Session::status);
        });
    }

    private static List<Session> sessions(PreparedStatement ps, Instant now) throws SQLException {
        List<Session> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Instant expiresAt = Jdbc.instant(rs, "expires_at");
                SessionStatus status = SessionStatus.fromCode(rs.getString("status"));
                if (status == SessionStatus.OPEN && !expiresAt.isAfter(now)) {
                    status = SessionStatus.EXPIRED;
                }
                out.add(new Session(rs.getString("id"), status, rs.getString("reference"), Jdbc.instant(rs, "created_at"),
                        expiresAt, List.of(
                        new Participant(rs.getString("number_a"), rs.getString("label_a"), rs.getString("proxy_a")),
                        new Participant(rs.getString("number_b"), rs.getString("label_b"), rs.getString("proxy_b"))),
                        rs.getInt("recontact_seconds"), SessionMode.fromCode(rs.getString("mode")), rs.getBoolean("record")));
            }
        }
        return out;
    }
}
