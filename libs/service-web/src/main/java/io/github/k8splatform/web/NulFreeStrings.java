package io.github.k8splatform.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;

/**
 * A JSON string holding a NUL character (U+0000) is refused where it is read, naming its field.
 * PostgreSQL cannot store a NUL in text, so such a value would otherwise fail on insert as a 503.
 */
final class NulFreeStrings extends StdScalarDeserializer<String> {

    /** Read as bad input by ProblemMappers, with the field's path. */
    static final class NulCharacterException extends InvalidFormatException {
        NulCharacterException(JsonParser parser, String value) {
            super(parser, "must not contain the NUL character (U+0000)", value, String.class);
        }
    }

    private NulFreeStrings() {
        super(String.class);
    }

    static SimpleModule module() {
        return new SimpleModule("nul-free-strings").addDeserializer(String.class, new NulFreeStrings());
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        String value = StringDeserializer.instance.deserialize(parser, context);
        if (value != null && value.indexOf('\0') >= 0) {
            throw new NulCharacterException(parser, value);
        }
        return value;
    }

    @Override
    public LogicalType logicalType() {
        return LogicalType.Textual;
    }
}
