package org.maskline.twilio;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A resource's answer: status and JSON body, or 204 with none. */
record Reply(int status, ObjectNode body) {
    static Reply ok(ObjectNode body) {
        return new Reply(200, body);
    }

    static Reply created(ObjectNode body) {
        return new Reply(201, body);
    }

    static Reply deleted() {
        return new Reply(204, null);
    }
}
