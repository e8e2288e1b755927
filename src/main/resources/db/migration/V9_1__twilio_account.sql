-- Issue 17: the account sid that created a service, sent back as interactionAccountSid in its callbacks.
ALTER TABLE twilio_services ADD COLUMN account_sid VARCHAR(34);
