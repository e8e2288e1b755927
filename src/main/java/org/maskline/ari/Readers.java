package org.maskline.ari;

import com.fasterxml.jackson.databind.JavaType;
import java.util.List;

/** Body readers for {@link RestTransport}: one JSON value, a JSON list, or nothing. */
final class Readers {
    private Readers() {}

    static <T> RestTransport.BodyReader<T> json(Class<T> type) {
        return body -> AriJson.MAPPER.readValue(body, type);
    }

    static <T> RestTransport.BodyReader<List<T>> list(Class<T> type) {
        JavaType listType = AriJson.MAPPER.getTypeFactory().constructCollectionType(List.class, type);
        return body -> List.copyOf(AriJson.MAPPER.<List<T>>readValue(body, listType));
    }

    static RestTransport.BodyReader<Void> none() {
        return body -> null;
    }
}
