/**
 * Webhooks: every event is pushed to the operator's backend, which may also block a call
 * (intercept) or decide whom it goes to (routing webhook).
 *
 * <ul>
 *   <li>{@link org.maskline.webhooks.Outbox}: features append events inside the store transaction
 *       of the change they describe; the event exists exactly when the change does.</li>
 *   <li>{@link org.maskline.webhooks.Dispatcher}: delivers the outbox at least once, in order per
 *       session, with exponential backoff for up to 24 h; safe with several instances on one
 *       PostgreSQL (rows are claimed with an expiring lease).</li>
 *   <li>{@link org.maskline.webhooks.Target}: the wire format of one destination (Maskline's signed
 *       JSON is {@link org.maskline.webhooks.MasklineTarget}); other formats plug in here.</li>
 *   <li>{@link org.maskline.webhooks.CallHooks}: intercept and the routing webhook, the backend's
 *       say in the call flow's route decision.</li>
 * </ul>
 *
 * <p>Knows nothing of the store's classes: it works on a JDBC {@link java.sql.Connection} handed to it
 * by {@link org.maskline.webhooks.Transactions}.
 */
package org.maskline.webhooks;
