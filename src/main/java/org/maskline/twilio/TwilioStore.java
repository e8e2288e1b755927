package org.maskline.twilio;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.maskline.sessions.Allocation;
import org.maskline.sessions.ConflictException;
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.NewSession;
import org.maskline.sessions.PoolExhaustedException;
import org.maskline.sessions.ProxyChooser;
import org.maskline.sessions.Session;
import org.maskline.sessions.SessionMode;
import org.maskline.store.Database;
import org.maskline.store.Jdbc;
import org.maskline.store.Page;
import org.maskline.store.PageKey;
import org.maskline.store.Store;

/**
 * The V9 tables (sids, service settings, pending sessions) and the calls into Maskline's own engine that
 * the Twilio resources make. Routing is never stored here: a session with two participants is created by
 * {@link org.maskline.store.SessionRepository} with the service's pool, and this table only names it.
 */
final class TwilioStore {
    private final Store store;
    private final Database db;
    private final Clock clock;

    TwilioStore(Store store, Clock clock) {
        this.store = store;
        this.db = store.database();
        this.clock = clock;
    }

    Store engine() {
        return store;
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // ---- services -------------------------------------------------------------------------------

    private static final String SERVICE_COLUMNS = "sid, unique_name, default_ttl, callback_url, intercept_callback_url,"
            + " out_of_session_callback_url, number_selection_behavior, geo_match_level, created_at, updated_at";

    /** @param account the account sid that created it: its callbacks carry it */
    Service createService(Service s, String account) {
        return db.transaction(c -> {
            requireFreeServiceName(c, s.uniqueName(), null);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO twilio_services (" + SERVICE_COLUMNS
                    + ", account_sid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bindService(ps, s);
                ps.setString(11, account);
                ps.executeUpdate();
            }
            return s;
        });
    }

    Service updateService(Service s) {
        return db.transaction(c -> {
            requireFreeServiceName(c, s.uniqueName(), s.sid());
            try (PreparedStatement ps = c.prepareStatement("UPDATE twilio_services SET unique_name = ?, default_ttl = ?,"
                    + " callback_url = ?, intercept_callback_url = ?, out_of_session_callback_url = ?,"
                    + " number_selection_behavior = ?, geo_match_level = ?, updated_at = ? WHERE sid = ?")) {
                ps.setString(1, s.uniqueName());
                ps.setInt(2, s.defaultTtl());
                ps.setString(3, s.callbackUrl());
                ps.setString(4, s.interceptCallbackUrl());
                ps.setString(5, s.outOfSessionCallbackUrl());
                ps.setString(6, s.numberSelectionBehavior());
                ps.setString(7, s.geoMatchLevel());
                Jdbc.set(ps, 8, s.updatedAt());
                ps.setString(9, s.sid());
                if (ps.executeUpdate() == 0) {
                    throw TwilioException.notFound("Service " + s.sid());
                }
            }
            return s;
        });
    }

    private static void requireFreeServiceName(Connection c, String name, String exceptSid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT sid FROM twilio_services WHERE unique_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && !rs.getString(1).equals(exceptSid)) {
                    throw TwilioException.conflict("Service UniqueName '" + Params.clean(name) + "' is already in use");
                }
            }
        }
    }

    private static void bindService(PreparedStatement ps, Service s) throws SQLException {
        ps.setString(1, s.sid());
        ps.setString(2, s.uniqueName());
        ps.setInt(3, s.defaultTtl());
        ps.setString(4, s.callbackUrl());
        ps.setString(5, s.interceptCallbackUrl());
        ps.setString(6, s.outOfSessionCallbackUrl());
        ps.setString(7, s.numberSelectionBehavior());
        ps.setString(8, s.geoMatchLevel());
        Jdbc.set(ps, 9, s.createdAt());
        Jdbc.set(ps, 10, s.updatedAt());
    }

    /** By sid, or by unique name as Twilio allows in the path. */
    Optional<Service> findService(String sidOrName) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + SERVICE_COLUMNS + " FROM twilio_services WHERE "
                    + (Sids.is(Sids.SERVICE, sidOrName) ? "sid" : "unique_name") + " = ?")) {
                ps.setString(1, sidOrName);
                return services(ps).stream().findFirst();
            }
        });
    }

    Page<Service> services(int limit, Optional<PageKey> after) {
        List<Service> rows = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + SERVICE_COLUMNS + " FROM twilio_services"
                    + (after.isPresent() ? " WHERE (created_at < ? OR (created_at = ? AND sid < ?))" : "")
                    + " ORDER BY created_at DESC, sid DESC LIMIT " + (limit + 1))) {
                after.ifPresent(k -> bindAfter(ps, 1, k));
                return services(ps);
            }
        });
        return page(rows, limit, s -> new PageKey(s.createdAt(), s.sid()));
    }

    private static List<Service> services(PreparedStatement ps) throws SQLException {
        List<Service> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Service(rs.getString("sid"), rs.getString("unique_name"), rs.getInt("default_ttl"),
                        rs.getString("callback_url"), rs.getString("intercept_callback_url"),
                        rs.getString("out_of_session_callback_url"), rs.getString("number_selection_behavior"),
                        rs.getString("geo_match_level"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at")));
            }
        }
        return out;
    }

    /**
     * Deletes a service: its open sessions are closed (they route nothing from then on), its numbers retired,
     * and its Twilio rows removed. The Maskline sessions and call log stay, under /v1, until retention.
     */
    void deleteService(Service s) {
        List<String> sessionIds = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT session_id FROM twilio_sessions WHERE service_sid = ? AND session_id IS NOT NULL")) {
                ps.setString(1, s.sid());
                return strings(ps);
            }
        });
        for (String id : sessionIds) {
            store.sessions().close(id);
        }
        for (String number : numbersOf(s.sid())) {
            store.numbers().retire(number);
        }
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM twilio_services WHERE sid = ?")) {
                ps.setString(1, s.sid());
                return ps.executeUpdate();
            }
        });
    }

    // ---- phone numbers --------------------------------------------------------------------------

    private List<String> numbersOf(String serviceSid) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT number FROM twilio_numbers WHERE service_sid = ?")) {
                ps.setString(1, serviceSid);
                return strings(ps);
            }
        });
    }

    /** Adds a number to the service's pool (the engine's pool table) and gives it a PN sid. */
    ServiceNumber addNumber(String serviceSid, String number, boolean reserved) {
        store.numbers().add(number, serviceSid, reserved);
        Instant now = now();
        String sid = Sids.random(Sids.NUMBER);
        try {
            db.transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO twilio_numbers (sid, service_sid, number,"
                        + " created_at, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setString(1, sid);
                    ps.setString(2, serviceSid);
                    ps.setString(3, number);
                    Jdbc.set(ps, 4, now);
                    Jdbc.set(ps, 5, now);
                    return ps.executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            // The pool row without its sid would be a number nobody can see or remove through this API.
            store.numbers().retire(number);
            throw e;
        }
        return findNumber(serviceSid, sid).orElseThrow();
    }

    private static final String NUMBER_QUERY = "SELECT t.sid, t.service_sid, t.number, t.created_at, t.updated_at,"
            + " COALESCE(p.reserved, FALSE) AS reserved, (SELECT COUNT(DISTINCT k.session_id) FROM routing_keys k"
            + " WHERE k.proxy_number = t.number AND k.expires_at > ?) AS in_use"
            + " FROM twilio_numbers t LEFT JOIN pool_numbers p ON p.number = t.number WHERE t.service_sid = ?";

    /** By PN sid, or by the number itself (E.164) as Twilio allows. */
    Optional<ServiceNumber> findNumber(String serviceSid, String sidOrNumber) {
        Instant now = now();
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(NUMBER_QUERY
                    + (Sids.is(Sids.NUMBER, sidOrNumber) ? " AND t.sid = ?" : " AND t.number = ?"))) {
                Jdbc.set(ps, 1, now);
                ps.setString(2, serviceSid);
                ps.setString(3, sidOrNumber);
                return numbers(ps).stream().findFirst();
            }
        });
    }

    Page<ServiceNumber> numbers(String serviceSid, int limit, Optional<PageKey> after) {
        Instant now = now();
        List<ServiceNumber> rows = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(NUMBER_QUERY
                    + (after.isPresent() ? " AND (t.created_at < ? OR (t.created_at = ? AND t.sid < ?))" : "")
                    + " ORDER BY t.created_at DESC, t.sid DESC LIMIT " + (limit + 1))) {
                Jdbc.set(ps, 1, now);
                ps.setString(2, serviceSid);
                after.ifPresent(k -> bindAfter(ps, 3, k));
                return numbers(ps);
            }
        });
        return page(rows, limit, n -> new PageKey(n.createdAt(), n.sid()));
    }

    private static List<ServiceNumber> numbers(PreparedStatement ps) throws SQLException {
        List<ServiceNumber> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new ServiceNumber(rs.getString("sid"), rs.getString("service_sid"), rs.getString("number"),
                        rs.getBoolean("reserved"), rs.getInt("in_use"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at")));
            }
        }
        return out;
    }

    ServiceNumber setReserved(ServiceNumber n, boolean reserved) {
        store.numbers().setReserved(n.number(), n.serviceSid(), reserved);
        Instant now = now();
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE twilio_numbers SET updated_at = ? WHERE sid = ?")) {
                Jdbc.set(ps, 1, now);
                ps.setString(2, n.sid());
                return ps.executeUpdate();
            }
        });
        return findNumber(n.serviceSid(), n.sid()).orElseThrow();
    }

    /** Retires the number from the pool (it drains: open sessions keep it until they end) and drops its sid. */
    void removeNumber(ServiceNumber n) {
        store.numbers().retire(n.number());
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM twilio_numbers WHERE sid = ?")) {
                ps.setString(1, n.sid());
                return ps.executeUpdate();
            }
        });
    }

    // ---- sessions -------------------------------------------------------------------------------

    private static final String SESSION_QUERY = "SELECT t.sid, t.service_sid, t.unique_name, t.session_id, t.mode, t.ttl,"
            + " t.expires_at, t.closed_at, t.closed_reason, t.created_at, t.updated_at,"
            + " s.status AS s_status, s.expires_at AS s_expires, s.ended_at AS s_ended,"
            + " (SELECT MAX(c.started_at) FROM calls c WHERE c.session_id = t.session_id) AS last_call"
            + " FROM twilio_sessions t LEFT JOIN sessions s ON s.id = t.session_id WHERE t.service_sid = ?";

    /** A new session with its first participants (zero, one or two) to store. */
    record NewProxySession(String sid, Service service, String uniqueName, String mode, Integer ttl, Instant expiresAt,
                           List<NewProxyParticipant> participants) {}

    /**
     * @param proxyNumber the proxy asked for (ProxyIdentifier), null to allocate one
     */
    record NewProxyParticipant(String identifier, String friendlyName, String proxyNumber) {}

    /**
     * Creates a session. With two participants the Maskline session that routes it is created in the same
     * transaction (proxies allocated from the service's pool); with fewer it is pending.
     */
    ProxySession createSession(NewProxySession req) {
        Instant now = now();
        if (req.participants().size() == 2) {
            NewProxyParticipant a = req.participants().get(0);
            NewProxyParticipant b = req.participants().get(1);
            store.sessions().create(newSession(req.sid(), a, b, req.expiresAt(), req.mode()),
                    new Allocation(req.service().sid(), req.service().stickiness(), a.proxyNumber(), b.proxyNumber()),
                    (c, created) -> {
                        insertSession(c, req, created.id(), now);
                        insertParticipant(c, req.sid(), a, created.participants().get(0).proxyNumber(), now);
                        insertParticipant(c, req.sid(), b, created.participants().get(1).proxyNumber(), now);
                    });
        } else {
            db.transaction(c -> {
                insertSession(c, req, null, now);
                for (NewProxyParticipant p : req.participants()) {
                    insertParticipant(c, req.sid(), p, pendingProxy(c, req.service(), p, now), now);
                }
                return null;
            });
        }
        return findSession(req.service().sid(), req.sid()).orElseThrow();
    }

    private static NewSession newSession(String sid, NewProxyParticipant a, NewProxyParticipant b, Instant expiresAt, String mode) {
        // The reference is the KC sid: /v1 finds the session by it, and it is unique among open sessions.
        return new NewSession(new NewParticipant(a.identifier(), label(a.friendlyName())),
                new NewParticipant(b.identifier(), label(b.friendlyName())), expiresAt, sid, engineMode(mode));
    }

    /** Twilio's mode as the engine's: the engine refuses calls of a message-only session and messages of a voice-only one. */
    static SessionMode engineMode(String twilioMode) {
        return switch (twilioMode) {
            case "voice-only" -> SessionMode.VOICE;
            case "message-only" -> SessionMode.MESSAGE;
            default -> SessionMode.VOICE_AND_MESSAGE;
        };
    }

    private static String label(String friendlyName) {
        return friendlyName == null || friendlyName.length() <= 100 ? friendlyName : friendlyName.substring(0, 100);
    }

    private void insertSession(Connection c, NewProxySession req, String sessionId, Instant now) throws SQLException {
        if (req.uniqueName() != null) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM twilio_sessions WHERE service_sid = ? AND unique_name = ?")) {
                ps.setString(1, req.service().sid());
                ps.setString(2, req.uniqueName());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        throw TwilioException.conflict("Session UniqueName '" + Params.clean(req.uniqueName()) + "' is already in use");
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO twilio_sessions (sid, service_sid, unique_name, session_id,"
                + " mode, ttl, expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, req.sid());
            ps.setString(2, req.service().sid());
            ps.setString(3, req.uniqueName());
            ps.setString(4, sessionId);
            ps.setString(5, req.mode());
            setInteger(ps, 6, req.ttl());
            Jdbc.set(ps, 7, req.expiresAt());
            Jdbc.set(ps, 8, now);
            Jdbc.set(ps, 9, now);
            ps.executeUpdate();
        }
    }

    private static String insertParticipant(Connection c, String sessionSid, NewProxyParticipant p, String proxy, Instant now)
            throws SQLException {
        String sid = Sids.random(Sids.PARTICIPANT);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO twilio_participants (sid, session_sid, identifier,"
                + " friendly_name, proxy_number, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, sid);
            ps.setString(2, sessionSid);
            ps.setString(3, p.identifier());
            ps.setString(4, p.friendlyName());
            ps.setString(5, proxy);
            Jdbc.set(ps, 6, now);
            Jdbc.set(ps, 7, now);
            ps.executeUpdate();
        }
        return sid;
    }

    /**
     * The proxy of a participant that joins a session alone. The engine's rule holds: it differs from the
     * participant's proxies in open sessions (and in other pending sessions), so when the second participant
     * joins, the routing key (participant, proxy) is free. Chosen like any proxy: least loaded, reserved
     * numbers only when asked for.
     */
    private String pendingProxy(Connection c, Service service, NewProxyParticipant p, Instant now) throws SQLException {
        Set<String> taken = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT proxy_number FROM routing_keys WHERE participant_number = ?"
                + " AND expires_at > ? UNION SELECT p.proxy_number FROM twilio_participants p JOIN twilio_sessions t"
                + " ON t.sid = p.session_sid WHERE p.identifier = ? AND t.session_id IS NULL AND t.closed_at IS NULL"
                + " AND t.expires_at > ?")) {
            ps.setString(1, p.identifier());
            Jdbc.set(ps, 2, now);
            ps.setString(3, p.identifier());
            Jdbc.set(ps, 4, now);
            taken.addAll(strings(ps));
        }
        List<ProxyChooser.Candidate> candidates = new ArrayList<>();
        Set<String> pinnable = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT number, open_keys, reserved FROM pool_numbers WHERE pool = ? AND status = 'active'")) {
            ps.setString(1, service.sid());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pinnable.add(rs.getString(1));
                    if (!rs.getBoolean(3)) {
                        candidates.add(new ProxyChooser.Candidate(rs.getString(1), rs.getLong(2)));
                    }
                }
            }
        }
        if (p.proxyNumber() != null) {
            if (!pinnable.contains(p.proxyNumber())) {
                throw TwilioException.invalid("ProxyIdentifier", p.proxyNumber() + " is not an active number of this service");
            }
            if (taken.contains(p.proxyNumber())) {
                throw TwilioException.conflict("the participant already has " + p.proxyNumber() + " as proxy in another open session");
            }
            return p.proxyNumber();
        }
        return ProxyChooser.choose(candidates, taken, Optional.empty(), service.stickiness(), false, ThreadLocalRandom.current())
                .orElseThrow(() -> new PoolExhaustedException(candidates.isEmpty()
                        ? "the service has no unreserved active number"
                        : "the participant already uses every number of the service"));
    }

    Optional<ProxySession> findSession(String serviceSid, String sidOrName) {
        Instant now = now();
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SESSION_QUERY
                    + (Sids.is(Sids.SESSION, sidOrName) ? " AND t.sid = ?" : " AND t.unique_name = ?"))) {
                ps.setString(1, serviceSid);
                ps.setString(2, sidOrName);
                return sessions(ps, now).stream().findFirst();
            }
        });
    }

    Page<ProxySession> sessions(String serviceSid, int limit, Optional<PageKey> after) {
        Instant now = now();
        List<ProxySession> rows = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SESSION_QUERY
                    + (after.isPresent() ? " AND (t.created_at < ? OR (t.created_at = ? AND t.sid < ?))" : "")
                    + " ORDER BY t.created_at DESC, t.sid DESC LIMIT " + (limit + 1))) {
                ps.setString(1, serviceSid);
                after.ifPresent(k -> bindAfter(ps, 2, k));
                return sessions(ps, now);
            }
        });
        return page(rows, limit, s -> new PageKey(s.createdAt(), s.sid()));
    }

    private static List<ProxySession> sessions(PreparedStatement ps, Instant now) throws SQLException {
        List<ProxySession> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String sessionId = rs.getString("session_id");
                Instant lastCall = Jdbc.instant(rs, "last_call");
                Instant expiresAt;
                Instant endedAt;
                String reason = rs.getString("closed_reason");
                ProxySession.Status status;
                if (sessionId != null) {
                    expiresAt = Jdbc.instant(rs, "s_expires");
                    String s = rs.getString("s_status");
                    if ("open".equals(s) && expiresAt.isAfter(now)) {
                        status = lastCall == null ? ProxySession.Status.OPEN : ProxySession.Status.IN_PROGRESS;
                        endedAt = null;
                    } else {
                        status = ProxySession.Status.CLOSED;
                        boolean expired = !"closed".equals(s);
                        endedAt = expired ? expiresAt : Jdbc.instant(rs, "s_ended");
                        reason = expired ? "ttl" : (reason == null ? "api" : reason);
                    }
                } else {
                    expiresAt = Jdbc.instant(rs, "expires_at");
                    Instant closedAt = Jdbc.instant(rs, "closed_at");
                    if (closedAt != null) {
                        status = ProxySession.Status.CLOSED;
                        endedAt = closedAt;
                    } else if (!expiresAt.isAfter(now)) {
                        status = ProxySession.Status.CLOSED;
                        endedAt = expiresAt;
                        reason = "ttl";
                    } else {
                        status = ProxySession.Status.OPEN;
                        endedAt = null;
                    }
                }
                Object ttl = rs.getObject("ttl");
                out.add(new ProxySession(rs.getString("sid"), rs.getString("service_sid"), rs.getString("unique_name"),
                        sessionId, rs.getString("mode"), ttl == null ? null : ((Number) ttl).intValue(), expiresAt, status,
                        endedAt, status == ProxySession.Status.CLOSED ? reason : null, lastCall,
                        Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at")));
            }
        }
        return out;
    }

    /** Closes a session: the Maskline session stops routing at once; a pending one is marked closed. */
    void closeSession(ProxySession s, String reason) {
        if (!s.isOpen()) {
            return;
        }
        Instant now = now();
        if (s.sessionId() != null) {
            store.sessions().close(s.sessionId());
        }
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE twilio_sessions SET closed_at = ?, closed_reason = ?,"
                    + " updated_at = ? WHERE sid = ? AND closed_at IS NULL")) {
                Jdbc.set(ps, 1, now);
                ps.setString(2, reason);
                Jdbc.set(ps, 3, now);
                ps.setString(4, s.sid());
                return ps.executeUpdate();
            }
        });
    }

    /** A new expiry (and ttl) for an open session. */
    void extendSession(ProxySession s, Instant expiresAt, Integer ttl) {
        Instant now = now();
        if (s.sessionId() != null) {
            store.sessions().extend(s.sessionId(), expiresAt);
        }
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE twilio_sessions SET expires_at = ?, ttl = ?, updated_at = ? WHERE sid = ?")) {
                Jdbc.set(ps, 1, expiresAt);
                setInteger(ps, 2, ttl);
                Jdbc.set(ps, 3, now);
                ps.setString(4, s.sid());
                return ps.executeUpdate();
            }
        });
    }

    /** Closes the session and forgets its Twilio rows; the Maskline session and its call log stay under /v1. */
    void deleteSession(ProxySession s) {
        closeSession(s, "deleted");
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM twilio_sessions WHERE sid = ?")) {
                ps.setString(1, s.sid());
                return ps.executeUpdate();
            }
        });
    }

    // ---- participants ---------------------------------------------------------------------------

    private static final String PARTICIPANT_QUERY = "SELECT p.sid, p.session_sid, p.identifier, p.friendly_name,"
            + " p.proxy_number, n.sid AS proxy_sid, p.created_at, p.updated_at FROM twilio_participants p"
            + " LEFT JOIN twilio_numbers n ON n.number = p.proxy_number WHERE p.session_sid = ?";

    List<ProxyParticipant> participants(String sessionSid) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(PARTICIPANT_QUERY + " ORDER BY p.created_at, p.sid")) {
                ps.setString(1, sessionSid);
                return participants(ps);
            }
        });
    }

    Optional<ProxyParticipant> findParticipant(String sessionSid, String sidOrIdentifier) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(PARTICIPANT_QUERY
                    + (Sids.is(Sids.PARTICIPANT, sidOrIdentifier) ? " AND p.sid = ?" : " AND p.identifier = ?"))) {
                ps.setString(1, sessionSid);
                ps.setString(2, sidOrIdentifier);
                return participants(ps).stream().findFirst();
            }
        });
    }

    private static List<ProxyParticipant> participants(PreparedStatement ps) throws SQLException {
        List<ProxyParticipant> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new ProxyParticipant(rs.getString("sid"), rs.getString("session_sid"), rs.getString("identifier"),
                        rs.getString("friendly_name"), rs.getString("proxy_number"), rs.getString("proxy_sid"),
                        Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at")));
            }
        }
        return out;
    }

    /**
     * Adds a participant. The second one completes the session: the Maskline session is created with the
     * first participant's proxy as it was announced, and the second one's allocated from the pool.
     */
    ProxyParticipant addParticipant(Service service, ProxySession s, NewProxyParticipant p) {
        Instant now = now();
        List<ProxyParticipant> present = participants(s.sid());
        if (present.size() >= 2) {
            throw TwilioException.conflict("Session " + s.sid() + " already has two participants, the most a session has");
        }
        if (present.stream().anyMatch(x -> x.identifier().equals(p.identifier()))) {
            throw TwilioException.conflict("Identifier " + p.identifier() + " is already a participant of this session");
        }
        String[] sid = new String[1];
        if (present.isEmpty()) {
            db.transaction(c -> {
                sid[0] = insertParticipant(c, s.sid(), p, pendingProxy(c, service, p, now), now);
                touch(c, s.sid(), null, now);
                return null;
            });
        } else {
            ProxyParticipant first = present.getFirst();
            NewProxyParticipant a = new NewProxyParticipant(first.identifier(), first.friendlyName(), first.proxyNumber());
            try {
                store.sessions().create(newSession(s.sid(), a, p, s.expiresAt(), s.mode()),
                        new Allocation(service.sid(), service.stickiness(), first.proxyNumber(), p.proxyNumber()),
                        (c, created) -> {
                            sid[0] = insertParticipant(c, s.sid(), p, created.participants().get(1).proxyNumber(), now);
                            touch(c, s.sid(), created.id(), now);
                        });
            } catch (ConflictException e) {
                throw TwilioException.conflict("the session cannot open: " + e.getMessage());
            }
        }
        return findParticipant(s.sid(), sid[0]).orElseThrow();
    }

    private static void touch(Connection c, String sessionSid, String sessionId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE twilio_sessions SET updated_at = ?"
                + (sessionId != null ? ", session_id = ?" : "") + " WHERE sid = ?")) {
            Jdbc.set(ps, 1, now);
            if (sessionId != null) {
                ps.setString(2, sessionId);
                ps.setString(3, sessionSid);
            } else {
                ps.setString(2, sessionSid);
            }
            if (ps.executeUpdate() == 0) {
                throw TwilioException.notFound("Session " + sessionSid);
            }
        }
    }

    /**
     * Removes a participant. From a session that routes, that closes it first (reason participant-removed):
     * a session with one participant routes nothing, and it is not silently reopened with someone else.
     */
    void removeParticipant(ProxySession s, ProxyParticipant p) {
        if (s.sessionId() != null) {
            closeSession(s, "participant-removed");
        }
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM twilio_participants WHERE sid = ?")) {
                ps.setString(1, p.sid());
                return ps.executeUpdate();
            }
        });
    }

    // ---- callbacks ------------------------------------------------------------------------------

    /**
     * What an intercept callback needs for a call routed by {@code sessionId}, when that session belongs to a
     * service with an intercept URL; empty otherwise (a /v1 session, or no URL): one indexed read per call.
     */
    Optional<Interception> interception(String sessionId) {
        return db.read(c -> sessionHook(c, sessionId, "intercept_callback_url")
                .map(h -> new Interception(h.sessionSid(), h.serviceSid(), h.url(), h.account(), h.participants())));
    }

    /** @param participants participant sid by identifier */
    record Interception(String sessionSid, String serviceSid, String url, String account, java.util.Map<String, String> participants) {}

    /** Where a session's or a service's asynchronous callbacks go. @param participants participant sid by identifier */
    record Callback(String url, String sessionSid, String serviceSid, String account, java.util.Map<String, String> participants) {}

    /** The callback_url of the Twilio session that {@code sessionId} is, read in the caller's transaction. */
    Optional<Callback> interactionCallback(Connection c, String sessionId) throws SQLException {
        return sessionHook(c, sessionId, "callback_url");
    }

    /**
     * The URL in {@code urlColumn} (a column of twilio_services, named here, never taken from a request)
     * of the service whose Twilio session {@code sessionId} is, with that session's participant sids;
     * empty for a /v1 session or when the service has no such URL.
     */
    private static Optional<Callback> sessionHook(Connection c, String sessionId, String urlColumn) throws SQLException {
        Callback found = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT t.sid, t.service_sid, v." + urlColumn + ", v.account_sid"
                + " FROM twilio_sessions t JOIN twilio_services v ON v.sid = t.service_sid WHERE t.session_id = ?"
                + " AND v." + urlColumn + " IS NOT NULL AND v." + urlColumn + " <> ''")) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    found = new Callback(rs.getString(3), rs.getString(1), rs.getString(2), rs.getString(4), java.util.Map.of());
                }
            }
        }
        if (found == null) {
            return Optional.empty();
        }
        java.util.Map<String, String> sids = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT identifier, sid FROM twilio_participants WHERE session_sid = ?")) {
            ps.setString(1, found.sessionSid());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sids.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return Optional.of(new Callback(found.url(), found.sessionSid(), found.serviceSid(), found.account(), sids));
    }

    /**
     * The out_of_session_callback_url of the service that owns {@code proxyNumber}, for a call that found no
     * session; empty when the caller does hold an open routing key there (its call was blocked by the
     * intercept callback, it is not out of session).
     */
    Optional<Callback> outOfSessionCallback(Connection c, String proxyNumber, String caller, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM routing_keys WHERE participant_number = ?"
                + " AND proxy_number = ? AND expires_at > ?")) {
            ps.setString(1, caller);
            ps.setString(2, proxyNumber);
            Jdbc.set(ps, 3, now);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return Optional.empty();
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT v.sid, v.out_of_session_callback_url, v.account_sid"
                + " FROM pool_numbers p JOIN twilio_services v ON v.sid = p.pool WHERE p.number = ?"
                + " AND v.out_of_session_callback_url IS NOT NULL AND v.out_of_session_callback_url <> ''")) {
            ps.setString(1, proxyNumber);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Callback(rs.getString(2), null, rs.getString(1), rs.getString(3), java.util.Map.of()))
                        : Optional.empty();
            }
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, java.sql.Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    private static void bindAfter(PreparedStatement ps, int index, PageKey k) {
        try {
            Jdbc.set(ps, index, k.at());
            Jdbc.set(ps, index + 1, k.at());
            ps.setString(index + 2, k.id());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> Page<T> page(List<T> rows, int limit, java.util.function.Function<T, PageKey> key) {
        if (rows.size() <= limit) {
            return new Page<>(rows, Optional.empty());
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(items, Optional.of(key.apply(items.getLast())));
    }

    private static List<String> strings(PreparedStatement ps) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
