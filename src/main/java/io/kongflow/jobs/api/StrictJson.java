package io.kongflow.jobs.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.temporal.Temporal;

/**
 * Request bodies are read as they are written, never "repaired": Jackson by default reads the first
 * JSON value and ignores what follows ({@code {} garbage} was {@code {}}), turns {@code "5"} and
 * {@code 5.7} into the integer 5, {@code 5} and {@code true} into strings, and {@code 1} into the
 * second constant of an enum, and a number where a date-time is expected into seconds since 1970
 * ({@code "expiresAt": 2147483647} created a key valid until 2038). Each of those is now a 400
 * naming the field.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.registerModule(new SimpleModule("strict-date-times").setDeserializerModifier(new OnlyTextDateTimes()));
    }

    /** Date-times are ISO-8601 strings: any other token is refused before java.time's reader sees it. */
    static final class OnlyTextDateTimes extends BeanDeserializerModifier {

        @Override
        public JsonDeserializer<?> modifyDeserializer(
                DeserializationConfig config, BeanDescription description, JsonDeserializer<?> deserializer) {
            Class<?> type = description.getBeanClass();
            if (!Temporal.class.isAssignableFrom(type) || !type.getName().startsWith("java.time.")) {
                return deserializer;
            }
            return new DelegatingDeserializer(deserializer) {
                @Override
                protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
                    return modifyDeserializer(config, description, delegate);
                }

                @Override
                public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                    if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                        return context.handleUnexpectedToken(type, parser);
                    }
                    return super.deserialize(parser, context);
                }
            };
        }
    }
}
