package io.github.k8splatform.web;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Writes into every service's OpenAPI document the rules this library enforces for all of them, so
 * that a client generated from the document keeps them: every 4xx and 5xx is a {@link Problem};
 * any input can be refused with 400, a body also with 413 and 415 (RequestBodyLimit, Quarkus REST);
 * an empty query parameter is an absent one; no path or query parameter takes a control character
 * (ParameterCharacters), and one documented by a pattern or format only is text; a JSON body takes no
 * field it does not declare (quarkus.jackson.fail-on-unknown-properties), no NUL in any text
 * (NulFreeStrings), and null where a field may be left out.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiRules implements OASFilter {

    static final String PROBLEM = "Problem";
    /** ParameterCharacters' rule: Character.isISOControl, as a pattern. */
    static final String NO_CONTROL_CHARACTERS = "^[^\\x00-\\x1F\\x7F-\\x9F]*$";
    static final String NO_NUL = "^[^\\x00]*$";
    private static final String SCHEMA_PREFIX = "#/components/schemas/";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(PROBLEM, problemSchema());
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values()
                .forEach(operation -> document(operation, schemas)));
    }

    private static void document(Operation operation, Map<String, Schema> schemas) {
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        boolean body = operation.getRequestBody() != null;
        APIResponses responses = operation.getResponses();
        if (!parameters.isEmpty() || body) {
            addIfAbsent(responses, "400", "Invalid input: the problem's field names it");
        }
        if (body) {
            addIfAbsent(responses, "413", "The body is over the limit");
            addIfAbsent(responses, "415", "The body is not application/json");
            operation.getRequestBody().getContent().getMediaTypes().values()
                    .forEach(media -> strictBody(resolve(media.getSchema(), schemas), schemas));
        }
        responses.getAPIResponses().forEach((code, response) -> {
            if (code.charAt(0) >= '4' && response.getContent() == null) {
                response.setContent(problemContent());
            }
        });
        for (Parameter parameter : parameters) {
            boolean checked = parameter.getIn() == Parameter.In.PATH || parameter.getIn() == Parameter.In.QUERY;
            Schema schema = parameter.getSchema();
            if (parameter.getIn() == Parameter.In.QUERY) {
                // Quarkus REST hands an empty query value (?size=) to the resource as absent.
                parameter.setAllowEmptyValue(true);
            }
            if (checked && schema != null && isText(schema)) {
                // A schema with only a pattern or a format would let a number or a boolean through.
                schema.setType(List.of(SchemaType.STRING));
                if (schema.getPattern() == null) {
                    schema.setPattern(NO_CONTROL_CHARACTERS);
                }
            }
        }
    }

    /** No undeclared field, and no NUL in any text field, at the body's top level and below. */
    private static void strictBody(Schema schema, Map<String, Schema> schemas) {
        if (schema == null || schema.getProperties() == null) {
            return;
        }
        schema.setAdditionalPropertiesBoolean(false);
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        schema.getProperties().forEach((name, property) -> {
            // Jackson reads an optional field's null as the field left out.
            if (!required.contains(name) && property.getType() != null && !property.getType().contains(SchemaType.NULL)) {
                property.addType(SchemaType.NULL);
            }
        });
        for (Schema property : schema.getProperties().values()) {
            Schema target = resolve(property, schemas);
            if (target != property) {
                strictBody(target, schemas);
            } else if (isText(property)) {
                if (property.getPattern() == null) {
                    property.setPattern(NO_NUL);
                } else {
                    property.addAllOf(OASFactory.createSchema().pattern(NO_NUL));
                }
            }
        }
    }

    private static Schema resolve(Schema schema, Map<String, Schema> schemas) {
        if (schema != null && schema.getRef() != null && schema.getRef().startsWith(SCHEMA_PREFIX) && schemas != null) {
            return schemas.getOrDefault(schema.getRef().substring(SCHEMA_PREFIX.length()), schema);
        }
        return schema;
    }

    private static boolean isText(Schema schema) {
        return schema.getType() == null || schema.getType().contains(SchemaType.STRING);
    }

    private static void addIfAbsent(APIResponses responses, String code, String description) {
        if (!responses.hasAPIResponse(code)) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description));
        }
    }

    private static Content problemContent() {
        MediaType media = OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM));
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, media);
    }

    /** The shape of {@link Problem}, field by field. */
    private static Schema problemSchema() {
        Schema text = OASFactory.createSchema().addType(SchemaType.STRING);
        Schema fieldError = OASFactory.createSchema().addType(SchemaType.OBJECT)
                .addProperty("field", text).addProperty("message", text).required(List.of("field", "message"));
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("An RFC 9457 problem: field names the offending input when there is one")
                .addProperty("type", text).addProperty("title", text)
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER))
                .addProperty("detail", text).addProperty("field", text)
                .addProperty("errors", OASFactory.createSchema().addType(SchemaType.ARRAY).items(fieldError))
                .required(List.of("type", "title", "status"));
    }
}
