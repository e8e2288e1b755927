package org.maskline.ari;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one Jackson setup for ARI JSON: snake_case names, Asterisk's timestamps, and tolerance for new fields. */
final class AriJson {
    private static final Logger log = LoggerFactory.getLogger(AriJson.class);

    static final LogOnce UNKNOWN = new LogOnce();

    static final ObjectMapper MAPPER = create();

    private AriJson() {}

    private static ObjectMapper create() {
        var module = new SimpleModule("ari");
        module.addDeserializer(Instant.class, new AsteriskInstantDeserializer());
        var mapper = new ObjectMapper();
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.registerModule(module);
        // Asterisk adds fields in minor releases (tech_cause in 22.7, tenantid...): never fail on them.
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        mapper.configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
        mapper.addHandler(new UnknownFieldLogger());
        return mapper;
    }

    /**
     * Asterisk writes {@code 2024-05-01T10:11:12.345+0000} (strftime {@code %z}: no colon in the offset), which
     * ISO_OFFSET_DATE_TIME rejects.
     */
    static Instant parseInstant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String s = text.trim();
        int n = s.length();
        if (n > 5 && (s.charAt(n - 5) == '+' || s.charAt(n - 5) == '-') && s.indexOf(':', n - 5) < 0) {
            s = s.substring(0, n - 2) + ":" + s.substring(n - 2);
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException again) {
                if (UNKNOWN.first("timestamp-format")) {
                    log.warn("Unparseable ARI timestamp '{}'; such timestamps decode as null", text);
                }
                return null;
            }
        }
    }

    private static final class AsteriskInstantDeserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return parseInstant(p.getValueAsString());
        }
    }

    private static final class UnknownFieldLogger extends DeserializationProblemHandler {
        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                             Object beanOrClass, String propertyName) throws IOException {
            String owner = beanOrClass instanceof Class<?> c ? c.getSimpleName() : beanOrClass.getClass().getSimpleName();
            if (UNKNOWN.first("field:" + owner + "." + propertyName)) {
                log.info("ARI sent a field this client does not know: {}.{} (ignored; logged once)", owner, propertyName);
            }
            p.skipChildren();
            return true;
        }
    }
}
