/**
 * Twilio Proxy v1, spoken by Maskline under {@code /twilio/v1/}: Twilio's resources (Services, PhoneNumbers,
 * Sessions, Participants, Interactions, MessageInteractions), its wire format (form-encoded requests with
 * Twilio's parameter names, JSON with sids, urls and links, {@code meta} paging, Twilio's error shape) and
 * HTTP Basic auth with an account sid and a Maskline API key, so that code written against Twilio's SDKs
 * moves by pointing their HTTP client here.
 *
 * <p>One engine: a service is a pool with defaults, and a session with two participants is a Maskline
 * session (its routing keys route the calls); this package keeps only what Twilio has and Maskline does not
 * (sids, service settings, sessions waiting for their second participant). See docs/twilio-migration.md.
 */
package org.maskline.twilio;
