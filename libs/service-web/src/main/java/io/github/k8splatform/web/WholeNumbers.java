package io.github.k8splatform.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.function.Function;

/**
 * An Integer or Long field takes a JSON number without a fraction however it is written: 1062,
 * 1062.0 and 1.062e3 are one whole number, as JSON Schema's integer (which the OpenAPI documents
 * declare) counts them; 1.5 is refused, never rounded, and so is anything out of the type's range.
 */
final class WholeNumbers<T extends Number> extends StdScalarDeserializer<T> {

    private final transient Function<BigDecimal, T> exact;

    private WholeNumbers(Class<T> type, Function<BigDecimal, T> exact) {
        super(type);
        this.exact = exact;
    }

    static SimpleModule module() {
        return new SimpleModule("whole-numbers")
                .addDeserializer(Integer.class, new WholeNumbers<>(Integer.class, BigDecimal::intValueExact))
                .addDeserializer(Long.class, new WholeNumbers<>(Long.class, BigDecimal::longValueExact));
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (!parser.currentToken().isNumeric()) {
            return (T) context.handleUnexpectedToken(handledType(), parser);
        }
        try {
            return exact.apply(parser.getDecimalValue());
        } catch (ArithmeticException e) {
            throw new InvalidFormatException(parser, "must be a whole number in range", parser.getText(), handledType());
        }
    }
}
